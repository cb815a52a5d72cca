/**
 * The search parameters this module can actually search for a type, for the
 * CapabilityStatement: `_id`, `_lastUpdated`, every indexed and composite parameter,
 * `_text`, `_content`, `_list`, and `_has` (the same list parse.ts accepts, so the
 * statement never promises more than search delivers). R4's CapabilityStatement has no
 * element for modifiers or chaining, so each parameter's documentation ends with the
 * modifiers it takes here and, for references, how it chains.
 */
import type { SearchParameter } from '@medplum/fhirtypes';
import { searchParametersFor } from '../definitions.ts';
import { compositeParamsFor } from './composite-params.ts';
import { indexedParamsFor, type IndexedParam } from './indexed-params.ts';
import { MAX_CHAIN, MAX_LINKS } from './parse-key.ts';

export interface SupportedSearchParam {
  name: string;
  type: string;
  /** The canonical url of the SearchParameter (none for `_has`, which R4 does not define as one). */
  definition?: string;
  documentation?: string;
  /** The modifiers parse-filter.ts accepts for it (without the leading ':'). */
  modifiers: string[];
}

/** Modifiers accepted per parameter type (parse-filter.ts). */
const MODIFIERS: Readonly<Record<string, readonly string[]>> = {
  token: ['missing', 'not', 'text'],
  string: ['missing', 'exact', 'contains'],
  date: ['missing'],
  number: ['missing'],
  quantity: ['missing'],
  uri: ['missing', 'below', 'above'],
  reference: ['missing', '[type]', 'identifier', 'below', 'above'],
  composite: ['missing'],
};

/**
 * Shared R4 parameters describe every type in one text ("Multiple Resources: * [Observation](...):
 * The code of the observation ..."): keep this type's line when there is one.
 */
function documentationFor(resourceType: string, sp: SearchParameter): string | undefined {
  const text = sp.description;
  if (!text) return undefined;
  const line = text.split('\n').find((l) => l.startsWith(`* [${resourceType}](`));
  if (!line) return text;
  return line.replace(/^\* \[[A-Za-z]+\]\([^)]*\): /, '').trim();
}

function entry(
  resourceType: string,
  name: string,
  type: string,
  sp: SearchParameter,
  modifiers: string[],
  note?: string,
): SupportedSearchParam {
  const base = documentationFor(resourceType, sp);
  const parts = [base, modifiers.length ? `Modifiers: ${modifiers.map((m) => `:${m}`).join(', ')}.` : undefined, note];
  const documentation = parts.filter((x) => x).join(' ');
  return { name, type, definition: sp.url ?? '', modifiers, ...(documentation ? { documentation } : {}) };
}

function indexedEntry(resourceType: string, p: IndexedParam): SupportedSearchParam {
  const modifiers = [...(MODIFIERS[p.type] ?? [])];
  if (p.type === 'token' && (/\bidentifier\b/.test(p.definition.expression ?? '') || p.code.endsWith('identifier')))
    modifiers.push('of-type');
  const note =
    p.type === 'reference' ? `Chaining: ${p.code}.[parameter] or ${p.code}:[type].[parameter], up to ${MAX_CHAIN} links.` : undefined;
  return entry(resourceType, p.code, p.type, p.definition, modifiers, note);
}

/** `_list` has no R4 SearchParameter resource (search.html#list). */
const LIST: Omit<SupportedSearchParam, 'modifiers'> = {
  name: '_list',
  type: 'token',
  documentation: 'Resources that are items of the List with this id.',
};

const HAS: Omit<SupportedSearchParam, 'modifiers'> = {
  name: '_has',
  type: 'special',
  documentation: `Reverse chaining: _has:[type]:[reference parameter]:[parameter]=[value], nested up to ${MAX_LINKS} links with chains.`,
};

const cache = new Map<string, readonly SupportedSearchParam[]>();

function build(resourceType: string): SupportedSearchParam[] {
  const out: SupportedSearchParam[] = [];
  for (const sp of searchParametersFor(resourceType)) {
    if (sp.code === '_id') out.push(entry(resourceType, sp.code, sp.type!, sp, ['missing', 'not']));
    else if (sp.code === '_lastUpdated') out.push(entry(resourceType, sp.code, sp.type!, sp, []));
  }
  for (const p of indexedParamsFor(resourceType).values()) out.push(indexedEntry(resourceType, p));
  for (const p of compositeParamsFor(resourceType).values()) {
    out.push(entry(resourceType, p.code, 'composite', p.definition, [...MODIFIERS.composite!]));
  }
  for (const sp of searchParametersFor(resourceType)) {
    if (sp.code === '_text' || sp.code === '_content') {
      out.push(entry(resourceType, sp.code, sp.type!, sp, [], 'Full text: words, "phrases", or, -word.'));
    }
  }
  out.push({ ...LIST, modifiers: [] }, { ...HAS, modifiers: [] });
  return out;
}

export function supportedSearchParams(resourceType: string): SupportedSearchParam[] {
  let list = cache.get(resourceType);
  if (!list) cache.set(resourceType, (list = build(resourceType)));
  return list.map((p) => ({ ...p, modifiers: [...p.modifiers] }));
}
