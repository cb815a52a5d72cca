/** Runs a type-level search through the search module's SQL and returns stored rows. */
import type { Queryable } from '../../db/types.ts';
import { buildSearchSql, type SearchSqlOptions } from '../search/build-sql.ts';
import { statementName } from '../../db/statement-name.ts';
import { parseSearchRequest } from '../search/parse.ts';
import type { SearchRequest } from '../search/parse.ts';
import { fromRow, type ResourceRow } from './resource-rows.ts';
import type { StoredResource } from './stored-resource.ts';

export interface SearchOutcome {
  request: SearchRequest;
  matches: StoredResource[];
  /** Undefined when not computed (_total=none, or a page that cannot tell it for free). */
  total?: number;
  /** True when a further page exists. */
  hasMore: boolean;
  /** Per match, the extra column asked for (same order as matches). */
  extras?: unknown[];
}

export async function runSearch(
  db: Queryable,
  resourceType: string,
  params: URLSearchParams,
  lenient: boolean,
  opts: SearchSqlOptions = {},
): Promise<SearchOutcome> {
  const request = parseSearchRequest(resourceType, params, { lenient });
  const built = buildSearchSql(request, opts);
  const count = request.count;
  const offset = request.offset;
  if (count === 0 || request.summary === 'count') {
    const n = await db.query<{ n: string | number }>(built.countSql, built.countParams);
    return { request, matches: [], total: Number(n.rows[0]?.n ?? 0), hasMore: false };
  }
  const name = opts.scope ? statementName('hale_search', built.sql) : undefined;
  const rows = (await db.query<ResourceRow & { extra?: unknown }>(built.sql, built.params, name ? { name } : {})).rows;
  // The SQL asks for one row more than the page, to know whether a next page exists.
  const hasMore = rows.length > count;
  const matches = rows.slice(0, count).map(fromRow);
  let total: number | undefined;
  if (request.total === 'accurate' || (request.total !== 'none' && !hasMore)) {
    if (!hasMore) total = offset + matches.length;
    else total = Number((await db.query<{ n: string | number }>(built.countSql, built.countParams)).rows[0]?.n ?? 0);
  }
  return { request, matches, total, hasMore, ...(opts.extraColumn ? { extras: rows.slice(0, count).map((r) => r.extra) } : {}) };
}
