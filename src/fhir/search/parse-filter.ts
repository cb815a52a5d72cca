/**
 * One search parameter occurrence (`name[:modifier]=v1,v2`) as a SearchFilter. The name
 * must be `_id`, `_lastUpdated` or a parameter this module indexes for the type; the
 * modifier must be one this module implements for the parameter's type.
 */
import { isResourceType } from '../definitions.ts';
import { indexedParamsFor, type IndexedParam } from './indexed-params.ts';
import {
  ParamProblem,
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
  const base = { param: p.code, table: p.type };
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
      else throw unsupportedModifier(modifier, 'token');
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

/**
 * The filter for `key=raw` (key may carry a modifier), or a ParamProblem. Returns undefined
 * when `name` is not a search parameter of the type at all (the caller says "unknown").
 */
export function parseFilter(resourceType: string, name: string, modifier: string | undefined, raw: string): SearchFilter | undefined {
  if (name === '_id' || name === '_lastUpdated') return columnFilter(name, modifier, raw);
  const p = indexedParamsFor(resourceType).get(name);
  if (!p) return undefined;
  return indexedFilter(p, modifier, raw);
}
