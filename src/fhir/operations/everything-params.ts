/**
 * The parameters of `$everything` (start, end, _since, _type, _count and our paging
 * `_cursor`), from the query string of a GET or the Parameters body of a POST. Anything
 * else, or a malformed value, is a 400 naming the parameter.
 */
import { badRequest, type ErrorDetail } from '../../errors.ts';
import { isResourceType } from '../definitions.ts';
import { dateRange } from '../search/date-range.ts';
import { DEFAULT_COUNT, MAX_COUNT } from '../search/parse-result-params.ts';
import { ID_PATTERN } from '../validation/resource-id.ts';
import type { EverythingQuery } from './everything-query.ts';

const SINGLE = ['start', 'end', '_since', '_count', '_cursor'];
const KNOWN = new Set([...SINGLE, '_type', '_pretty']);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface ParsedEverything {
  query: EverythingQuery;
  /** The accepted parameters without `_cursor`: the base of paging links. */
  canonical: URLSearchParams;
}

/** The paging position after a row, opaque to clients. */
export function encodeEverythingCursor(after: { type: string; id: string }): string {
  return Buffer.from(JSON.stringify({ t: after.type, i: after.id }), 'utf8').toString('base64url');
}

function decodeCursor(raw: string): { type: string; id: string } | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) return undefined;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    if (typeof v.t === 'string' && isResourceType(v.t) && typeof v.i === 'string' && ID_PATTERN.test(v.i)) return { type: v.t, id: v.i };
  } catch {
    // falls through: not a cursor of ours
  }
  return undefined;
}

/** A POST body's Parameters as name/value pairs (value[x] of any primitive type). */
export function parametersToQuery(body: unknown): URLSearchParams {
  const out = new URLSearchParams();
  if (body === undefined || body === null || body === '') return out;
  const b = body as { resourceType?: unknown; parameter?: unknown };
  if (typeof body !== 'object' || b.resourceType !== 'Parameters')
    throw badRequest('The body of $everything must be a Parameters resource');
  for (const param of Array.isArray(b.parameter) ? (b.parameter as Record<string, unknown>[]) : []) {
    const name = param.name;
    const valueKey = Object.keys(param).find((k) => k.startsWith('value'));
    const value = valueKey ? param[valueKey] : undefined;
    if (typeof name !== 'string' || (typeof value !== 'string' && typeof value !== 'number')) {
      throw badRequest('Each Parameters.parameter needs a name and a primitive value', [
        { field: `Parameters.parameter.${String(name)}`, message: 'needs a primitive value[x]' },
      ]);
    }
    out.append(name, String(value));
  }
  return out;
}

export function parseEverythingParams(params: URLSearchParams): ParsedEverything {
  const problems: ErrorDetail[] = [];
  const query: EverythingQuery = { count: DEFAULT_COUNT, raw: '' };
  const canonical = new URLSearchParams();
  const seen = new Set<string>();
  const problem = (field: string, message: string) => problems.push({ field, message: `${field}: ${message}` });
  for (const [name, raw] of params) {
    if (!KNOWN.has(name)) {
      problem(name.slice(0, 80), 'is not a parameter of $everything (start, end, _since, _type, _count)');
      continue;
    }
    if (SINGLE.includes(name) && seen.has(name)) {
      problem(name, 'is given more than once');
      continue;
    }
    seen.add(name);
    switch (name) {
      case 'start':
      case 'end': {
        const range = dateRange(raw);
        if (!range) problem(name, 'must be a date, e.g. 2020-01-31');
        else if (name === 'start') query.start = range.low;
        else query.end = range.high;
        break;
      }
      case '_since':
        if (!INSTANT.test(raw) || Number.isNaN(Date.parse(raw)))
          problem(name, 'must be an instant with a time zone, e.g. 2024-01-31T10:00:00Z');
        else query.since = new Date(Date.parse(raw)).toISOString();
        break;
      case '_type': {
        const types = raw.split(',').map((t) => t.trim());
        const bad = types.filter((t) => !isResourceType(t));
        if (bad.length) problem(name, `'${bad[0]!.slice(0, 60)}' is not a resource type`);
        else query.types = [...(query.types ?? []), ...types];
        break;
      }
      case '_count':
        if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1) problem(name, 'must be a whole number >= 1');
        else query.count = Math.min(Number(raw), MAX_COUNT);
        break;
      case '_cursor': {
        const after = decodeCursor(raw);
        if (!after) problem(name, 'is not a paging cursor of this server; follow the Bundle links');
        else query.after = after;
        break;
      }
    }
    if (name !== '_cursor' && name !== '_pretty') canonical.append(name, raw);
  }
  if (problems.length) {
    throw badRequest(`$everything parameters not understood: ${problems.map((p) => p.field).join(', ')}`, problems);
  }
  query.raw = canonical.toString();
  return { query, canonical };
}
