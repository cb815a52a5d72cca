/**
 * The search parameters this module can actually search for a type, for the
 * CapabilityStatement: `_id`, `_lastUpdated` and every indexed parameter (the same list
 * parse.ts accepts, so the statement never promises more than search delivers).
 */
import type { SearchParameter } from '@medplum/fhirtypes';
import { searchParametersFor } from '../definitions.ts';
import { indexedParamsFor } from './indexed-params.ts';

export interface SupportedSearchParam {
  name: string;
  type: string;
  /** The canonical url of the SearchParameter. */
  definition: string;
  documentation?: string;
}

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

function entry(resourceType: string, name: string, type: string, sp: SearchParameter): SupportedSearchParam {
  const documentation = documentationFor(resourceType, sp);
  return { name, type, definition: sp.url ?? '', ...(documentation ? { documentation } : {}) };
}

const cache = new Map<string, readonly SupportedSearchParam[]>();

function build(resourceType: string): SupportedSearchParam[] {
  const out: SupportedSearchParam[] = [];
  for (const sp of searchParametersFor(resourceType)) {
    if (sp.code !== '_id' && sp.code !== '_lastUpdated') continue;
    out.push(entry(resourceType, sp.code, sp.type!, sp));
  }
  for (const p of indexedParamsFor(resourceType).values()) {
    out.push(entry(resourceType, p.code, p.type, p.definition));
  }
  return out;
}

export function supportedSearchParams(resourceType: string): SupportedSearchParam[] {
  let list = cache.get(resourceType);
  if (!list) cache.set(resourceType, (list = build(resourceType)));
  return list.map((p) => ({ ...p }));
}
