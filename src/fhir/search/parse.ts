/**
 * Parses a type-level search (`GET [type]?...`) into a SearchRequest. Every parameter name,
 * modifier and prefix is resolved through the R4 definitions (see parse-filter.ts and
 * parse-result-params.ts); unknown or malformed parameters are a 400 naming each of
 * them, or, in lenient mode (`Prefer: handling=lenient`), are left out and listed in
 * `ignored`. Comma-separated values are OR, repeated parameters are AND.
 */
import { HaleError, type ErrorDetail } from '../../errors.ts';
import { parseFilterKey } from './parse-key.ts';
import { DEFAULT_COUNT, RESULT_PARAMS, applyResultParam } from './parse-result-params.ts';
import { ParamProblem } from './parse-values.ts';
import type { SearchRequest } from './search-request.ts';

export type {
  IgnoredParam,
  IncludeParam,
  Prefix,
  SearchCondition,
  SearchFilter,
  SearchRequest,
  SortKey,
  SummaryMode,
  TotalMode,
} from './search-request.ts';

export interface ParseOptions {
  lenient: boolean;
}

/** Search parameters FHIR defines that this module does not implement (a clearer message than "unknown"). */
const NOT_IMPLEMENTED = new Set(['_query', '_filter', '_type', '_contained', '_containedType', '_score']);

function problemFor(
  resourceType: string,
  key: string,
  name: string,
  raw: string,
  req: SearchRequest,
  seenResult: Set<string>,
): string | undefined {
  const modifier = key.length > name.length ? key.slice(name.length + 1) : undefined;
  try {
    if (RESULT_PARAMS.has(name)) {
      applyResultParam(req, seenResult, name, modifier, raw);
      return undefined;
    }
    if (NOT_IMPLEMENTED.has(name)) return `${name} is not supported`;
    if (modifier === '') return 'empty modifier';
    if (raw === '') return 'has an empty value';
    // Plain, chained (`subject:Patient.name`) or reverse chained (`_has:...`), resolved in parse-key.ts.
    const filter = parseFilterKey(resourceType, key, raw);
    if (!filter) return `unknown search parameter for ${resourceType}`;
    req.filters.push(filter);
    return undefined;
  } catch (err) {
    if (err instanceof ParamProblem) return err.message;
    throw err;
  }
}

export function parseSearchRequest(resourceType: string, params: URLSearchParams, opts: ParseOptions): SearchRequest {
  const req: SearchRequest = {
    resourceType,
    filters: [],
    sort: [],
    count: DEFAULT_COUNT,
    offset: 0,
    include: [],
    revinclude: [],
    ignored: [],
    canonicalParams: new URLSearchParams(),
  };
  const seenResult = new Set<string>();
  const problems: ErrorDetail[] = [];
  for (const [key, raw] of params) {
    // `name:modifier`; the name part is what the definitions are asked about.
    const colon = key.indexOf(':');
    const name = colon < 0 ? key : key.slice(0, colon);
    const problem = problemFor(resourceType, key, name, raw, req, seenResult);
    if (problem !== undefined) {
      problems.push({ field: key, message: `${key.slice(0, 80)}: ${problem}` });
      continue;
    }
    // Paging links are built from the accepted parameters; each page sets its own _offset.
    if (name !== '_offset') req.canonicalParams.append(key, raw);
  }
  if (problems.length > 0) {
    if (!opts.lenient) {
      const names = problems.map((p) => p.field!.slice(0, 80)).join(', ');
      throw new HaleError('bad-request', `Search parameters not understood: ${names}`, problems);
    }
    req.ignored = problems.map((p) => ({ field: p.field!, message: p.message }));
  }
  return req;
}
