/**
 * The result parameters (`_count`, `_offset`, `_cursor`, `_sort`, `_total`, `_summary`, `_elements`,
 * `_include`, `_revinclude`, `_format`, `_pretty`): parsed and validated here, then carried
 * in the SearchRequest for the caller. Sort keys and include parameters are resolved
 * through the definitions like search parameters are.
 */
import { isResourceType, structureDefinitionFor } from '../definitions.ts';
import { indexedParamsFor } from './indexed-params.ts';
import { ParamProblem } from './parse-values.ts';
import type { IncludeParam, SearchRequest, SortKey, SummaryMode, TotalMode } from './search-request.ts';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;
const MAX_OFFSET = 1_000_000_000;

export const RESULT_PARAMS = new Set([
  '_count',
  '_offset',
  '_cursor',
  '_sort',
  '_total',
  '_summary',
  '_elements',
  '_include',
  '_revinclude',
  '_format',
  '_pretty',
]);
/** May appear more than once (each occurrence adds one). */
const REPEATABLE = new Set(['_include', '_revinclude']);

/** The parameter types a resource can be ordered by, through the min (ascending) / max (descending) of its values. */
const SORTABLE = new Set(['string', 'date', 'token', 'number', 'quantity', 'uri']);

const TOTALS = new Set<TotalMode>(['none', 'estimate', 'accurate']);
const SUMMARIES = new Set<SummaryMode>(['true', 'text', 'data', 'count', 'false']);

function wholeNumber(raw: string, max: number): number {
  if (!/^\d{1,10}$/.test(raw)) throw new ParamProblem('must be a whole number >= 0');
  return Math.min(Number(raw), max);
}

function sortKeys(resourceType: string, raw: string): SortKey[] {
  const keys: SortKey[] = [];
  for (const item of raw.split(',')) {
    const descending = item.startsWith('-');
    const name = descending ? item.slice(1) : item;
    if (name === '') throw new ParamProblem('has an empty sort key');
    if (name === '_id' || name === '_lastUpdated') {
      keys.push({ param: name, table: 'resource', descending });
      continue;
    }
    const p = indexedParamsFor(resourceType).get(name);
    if (!p) throw new ParamProblem(`'${name.slice(0, 60)}' is not a search parameter of ${resourceType}`);
    if (!SORTABLE.has(p.type)) throw new ParamProblem(`cannot sort by ${name}, a ${p.type} parameter`);
    keys.push({ param: p.storedAs, table: p.type, descending });
  }
  return keys;
}

const elementCache = new Map<string, ReadonlySet<string>>();

/** Top-level element names of a type (`value` for `value[x]`), from its StructureDefinition. */
function elementNames(resourceType: string): ReadonlySet<string> {
  let names = elementCache.get(resourceType);
  if (!names) {
    const set = new Set<string>();
    for (const e of structureDefinitionFor(resourceType)?.snapshot?.element ?? []) {
      const parts = e.path?.split('.') ?? [];
      if (parts.length === 2) set.add(parts[1]!.replace('[x]', ''));
    }
    elementCache.set(resourceType, (names = set));
  }
  return names;
}

function elements(resourceType: string, raw: string): string[] {
  const known = elementNames(resourceType);
  const list = raw.split(',').map((s) => s.trim());
  for (const name of list) {
    if (!known.has(name)) throw new ParamProblem(`'${name.slice(0, 60)}' is not an element of ${resourceType}`);
  }
  return list;
}

/** `Source:param[:Target]` or `Source:*`; `iterate` from the `:iterate` (R3 `:recurse`) modifier. */
function includeParam(resourceType: string, raw: string, reverse: boolean, iterate: boolean): IncludeParam {
  const parts = raw.split(':');
  if (parts.length < 2 || parts.length > 3) throw new ParamProblem('must be SourceType:parameter[:TargetType]');
  const [sourceType, param, targetType] = parts as [string, string, string | undefined];
  if (!isResourceType(sourceType)) throw new ParamProblem(`'${sourceType.slice(0, 60)}' is not a resource type`);
  if (!reverse && !iterate && sourceType !== resourceType)
    throw new ParamProblem(`includes from ${sourceType} need :iterate when searching ${resourceType}`);
  if (targetType !== undefined && !isResourceType(targetType))
    throw new ParamProblem(`'${targetType.slice(0, 60)}' is not a resource type`);
  if (param !== '*') {
    const p = indexedParamsFor(sourceType).get(param);
    if (!p || p.type !== 'reference') throw new ParamProblem(`'${param.slice(0, 60)}' is not a reference parameter of ${sourceType}`);
    const targets: readonly string[] = p.definition.target ?? [];
    if (targetType !== undefined && targets.length > 0 && !targets.includes(targetType)) {
      throw new ParamProblem(`${targetType} is not a target of ${sourceType}:${param}`);
    }
    // Without :iterate a reverse include starts from the matches, so it must be able to point at them.
    if (reverse && !iterate && targets.length > 0 && !targets.includes(resourceType) && !targets.includes('Resource')) {
      throw new ParamProblem(`${sourceType}:${param} never points at a ${resourceType}`);
    }
  }
  return { sourceType, param, ...(targetType ? { targetType } : {}), iterate };
}

/** Applies one result parameter to the request; throws ParamProblem when malformed. */
export function applyResultParam(req: SearchRequest, seen: Set<string>, name: string, modifier: string | undefined, raw: string): void {
  if (!REPEATABLE.has(name)) {
    if (seen.has(name)) throw new ParamProblem('is given more than once');
    if (modifier !== undefined) throw new ParamProblem(`takes no modifier (:${modifier.slice(0, 30)})`);
  }
  if (raw === '') throw new ParamProblem('has an empty value');
  switch (name) {
    case '_count':
      req.count = wholeNumber(raw, MAX_COUNT);
      break;
    case '_offset':
      req.offset = wholeNumber(raw, MAX_OFFSET);
      break;
    case '_cursor':
      // Decoded against the sort keys once all parameters are read (page-cursor.ts).
      req.cursor = raw;
      break;
    case '_sort':
      req.sort = sortKeys(req.resourceType, raw);
      break;
    case '_total':
      if (!TOTALS.has(raw as TotalMode)) throw new ParamProblem('must be none, estimate or accurate');
      req.total = raw as TotalMode;
      break;
    case '_summary':
      if (!SUMMARIES.has(raw as SummaryMode)) throw new ParamProblem('must be true, text, data, count or false');
      req.summary = raw as SummaryMode;
      break;
    case '_elements':
      req.elements = elements(req.resourceType, raw);
      break;
    case '_include':
    case '_revinclude': {
      if (modifier !== undefined && modifier !== 'iterate' && modifier !== 'recurse')
        throw new ParamProblem(`unknown modifier :${modifier.slice(0, 30)}`);
      const include = includeParam(req.resourceType, raw, name === '_revinclude', modifier !== undefined);
      (name === '_include' ? req.include : req.revinclude).push(include);
      break;
    }
    case '_format':
      req.format = raw;
      break;
    case '_pretty':
      if (raw !== 'true' && raw !== 'false') throw new ParamProblem('must be true or false');
      req.pretty = raw === 'true';
      break;
  }
  seen.add(name);
}
