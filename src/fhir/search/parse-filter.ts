/**
 * One search parameter occurrence (`name[:modifier]=v1,v2`) as a SearchFilter. The name
 * must be `_id`, `_lastUpdated`, `_text`, `_content`, `_list`, or a parameter this module
 * indexes for the type (composites included); the modifier must be one this module
 * implements for the parameter's type. Chains and `_has` are parsed in parse-key.ts.
 */
import type { SearchParameter } from '@medplum/fhirtypes';
import { isResourceType, searchParametersFor } from '../definitions.ts';
import { compositeParamsFor, type CompositeParam } from './composite-params.ts';
import { identifierParam } from './extract.ts';
import { indexedParamsFor, type IndexedParam } from './indexed-params.ts';
import type { IndexTable } from './index-rows.ts';
import {
  ParamProblem,
  parseListId,
  parseOfType,
  parseTextQuery,
  parseDate,
  parseId,
  parseMissing,
  parseNumber,
  parseQuantity,
  parseReference,
  parseString,
  parseToken,
  parseTokenText,
  parseUri,
  splitEscaped,
} from './parse-values.ts';
import type { SearchCondition, SearchFilter } from './search-request.ts';

/** Modifiers FHIR defines that this module does not implement: named in the error, not "unknown". */
const NOT_IMPLEMENTED = new Set(['in', 'not-in', 'below', 'above', 'of-type', 'identifier', 'text', 'exact', 'contains', 'not']);

/**
 * Parameters not indexed per value: full text and list membership. `_text` is R4's on
 * DomainResource only (Bundle, Binary and Parameters have no narrative); `_list` has no R4
 * SearchParameter resource but applies to every type.
 */
function isSpecialFilter(resourceType: string, code: string): boolean {
  if (code === '_list') return true;
  if (code !== '_text' && code !== '_content') return false;
  return searchParametersFor(resourceType).some((sp) => sp.code === code);
}

function values(raw: string): string[] {
  const items = splitEscaped(raw, ',');
  if (items.some((v) => v === '')) throw new ParamProblem('has an empty value');
  return items;
}

function unsupportedModifier(modifier: string, type: string): ParamProblem {
  return NOT_IMPLEMENTED.has(modifier)
    ? new ParamProblem(`the :${modifier} modifier is not supported on ${type} parameters here`)
    : new ParamProblem(`unknown modifier :${modifier}`);
}

function columnFilter(name: '_id' | '_lastUpdated', modifier: string | undefined, raw: string): SearchFilter {
  if (modifier === 'missing') return { param: name, table: 'resource', missing: parseMissing(raw), conditions: [] };
  if (name === '_id') {
    if (modifier !== undefined && modifier !== 'not') throw unsupportedModifier(modifier, 'token');
    return { param: name, table: 'resource', ...(modifier === 'not' ? { not: true } : {}), conditions: values(raw).map(parseId) };
  }
  if (modifier !== undefined) throw unsupportedModifier(modifier, 'date');
  return { param: name, table: 'resource', conditions: values(raw).map((v) => ({ kind: 'last-updated', ...parseDate(v) })) };
}

function referenceTargets(p: IndexedParam): string[] {
  return p.definition.target ?? [];
}

function indexedFilter(p: IndexedParam, modifier: string | undefined, raw: string): SearchFilter {
  const base = { param: p.storedAs, table: p.type };
  if (modifier === 'missing') return { ...base, missing: parseMissing(raw), conditions: [] };
  const items = values(raw);
  let conditions: SearchCondition[];
  let not = false;
  switch (p.type) {
    case 'token':
      if (modifier === undefined || modifier === 'not') {
        not = modifier === 'not';
        conditions = items.map(parseToken);
      } else if (modifier === 'text') conditions = items.map(parseTokenText);
      else if (modifier === 'of-type') {
        if (!isIdentifierParam(p)) throw new ParamProblem(':of-type applies to identifier parameters only');
        // Identifier type and value on the same Identifier: kept as composite rows (composite-rows.ts).
        return { param: p.code, table: 'composite', conditions: items.map(parseOfType) };
      } else throw unsupportedModifier(modifier, 'token');
      break;
    case 'string':
      if (modifier !== undefined && modifier !== 'exact' && modifier !== 'contains') throw unsupportedModifier(modifier, 'string');
      conditions = items.map((v) => parseString(v, modifier === 'exact' ? 'exact' : modifier === 'contains' ? 'contains' : 'starts'));
      break;
    case 'date':
      if (modifier !== undefined) throw unsupportedModifier(modifier, 'date');
      conditions = items.map((v) => ({ kind: 'date', ...parseDate(v) }));
      break;
    case 'number':
      if (modifier !== undefined) throw unsupportedModifier(modifier, 'number');
      conditions = items.map(parseNumber);
      break;
    case 'quantity':
      if (modifier !== undefined) throw unsupportedModifier(modifier, 'quantity');
      conditions = items.map(parseQuantity);
      break;
    case 'uri':
      if (modifier !== undefined && modifier !== 'below' && modifier !== 'above') throw unsupportedModifier(modifier, 'uri');
      conditions = items.map((v) => parseUri(v, modifier === 'below' ? 'below' : modifier === 'above' ? 'above' : 'exact'));
      break;
    case 'reference': {
      const targets = referenceTargets(p);
      let typeModifier: string | undefined;
      if (modifier === 'identifier') {
        // Reference.identifier values, kept as tokens under `code:identifier` (extract.ts).
        return { param: identifierParam(p.code), table: 'token', conditions: items.map(parseToken) };
      }
      if (modifier === 'below' || modifier === 'above') {
        // Canonical references (`questionnaire`, `instantiates-canonical`...): url prefix matches on the url as written.
        return { ...base, conditions: items.map((v) => parseUri(v, modifier)) };
      }
      if (modifier !== undefined) {
        if (!isResourceType(modifier)) throw unsupportedModifier(modifier, 'reference');
        if (targets.length > 0 && !targets.includes(modifier) && !targets.includes('Resource')) {
          throw new ParamProblem(`${modifier} is not a target of ${p.code} (allowed: ${targets.join(', ')})`);
        }
        typeModifier = modifier;
      }
      conditions = items.map((v) => parseReference(v, typeModifier, targets));
      break;
    }
  }
  return { ...base, ...(not ? { not } : {}), conditions };
}

/** A token parameter whose values are Identifiers (`identifier`, `patient-identifier`...). */
function isIdentifierParam(p: IndexedParam): boolean {
  return /\bidentifier\b/.test(p.definition.expression ?? '') || p.code.endsWith('identifier');
}

function parserFor(def: SearchParameter | undefined, type: IndexTable): (v: string) => SearchCondition {
  switch (type) {
    case 'token':
      return parseToken;
    case 'string':
      return (v) => parseString(v, 'starts');
    case 'date':
      return (v) => ({ kind: 'date', ...parseDate(v) });
    case 'number':
      return parseNumber;
    case 'quantity':
      return parseQuantity;
    case 'uri':
      return (v) => parseUri(v, 'exact');
    case 'reference':
      return (v) => parseReference(v, undefined, def?.target ?? []);
  }
}

/** `code-value-quantity=http://loinc.org|8480-6$gt100`: one value per component, separated by `$`. */
function compositeFilter(resourceType: string, p: CompositeParam, modifier: string | undefined, raw: string): SearchFilter {
  if (modifier === 'missing') return { param: p.code, table: 'composite', missing: parseMissing(raw), conditions: [] };
  if (modifier !== undefined) throw new ParamProblem(`unknown modifier :${modifier} (composite parameters take none)`);
  const comps = p.components[0]!;
  const defs = new Map(searchParametersFor(resourceType).map((d) => [d.code, d]));
  const conditions = values(raw).map((item): SearchCondition => {
    const parts = splitEscaped(item, '$');
    if (parts.length !== comps.length) {
      throw new ParamProblem(
        `'${item.slice(0, 60)}' needs ${comps.length} values separated by '$' (${comps.map((c) => c.code).join('$')})`,
      );
    }
    return { kind: 'composite', parts: parts.map((v, i) => parserFor(defs.get(comps[i]!.code), comps[i]!.type)(v)) };
  });
  return { param: p.code, table: 'composite', conditions };
}

function specialFilter(name: string, modifier: string | undefined, raw: string): SearchFilter {
  if (modifier !== undefined) throw new ParamProblem(`unknown modifier :${modifier} (${name} takes none)`);
  if (name === '_list') return { param: name, table: 'list', conditions: values(raw).map(parseListId) };
  return { param: name, table: 'text', conditions: values(raw).map(parseTextQuery) };
}

/** True when `code` names a filter this module can apply on the type (what chains and `_has` end in). */
export function isSearchableParam(resourceType: string, code: string): boolean {
  return (
    code === '_id' ||
    code === '_lastUpdated' ||
    isSpecialFilter(resourceType, code) ||
    indexedParamsFor(resourceType).has(code) ||
    compositeParamsFor(resourceType).has(code)
  );
}

/**
 * The filter for `key=raw` (key may carry a modifier), or a ParamProblem. Returns undefined
 * when `name` is not a search parameter of the type at all (the caller says "unknown").
 */
export function parseFilter(resourceType: string, name: string, modifier: string | undefined, raw: string): SearchFilter | undefined {
  if (name === '_id' || name === '_lastUpdated') return columnFilter(name, modifier, raw);
  if (isSpecialFilter(resourceType, name)) return specialFilter(name, modifier, raw);
  const p = indexedParamsFor(resourceType).get(name);
  if (p) return indexedFilter(p, modifier, raw);
  const composite = compositeParamsFor(resourceType).get(name);
  if (composite) return compositeFilter(resourceType, composite, modifier, raw);
  return undefined;
}
