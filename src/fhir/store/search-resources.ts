/** Runs a type-level search through the search module's SQL and returns stored rows and paging positions. */
import type { Queryable } from '../../db/types.ts';
import { badRequest } from '../../errors.ts';
import { buildSearchSql, type SearchSqlOptions } from '../search/build-sql.ts';
import { walkServes, walkServesSql } from '../search/sort-walk.ts';
import { parseSearchRequest } from '../search/parse.ts';
import type { SearchRequest } from '../search/parse.ts';
import { decodeCursor, type PageCursor } from '../search/page-cursor.ts';
import { fromRow, type ResourceRow } from './resource-rows.ts';
import type { StoredResource } from './stored-resource.ts';
import { pageStatement, pagesPreparable } from './prepared-page.ts';
import { pageWithAudit, type PageAudit } from './page-audit.ts';
import { SqlParams } from '../search/sql-params.ts';

/** `_total=estimate` counts exactly up to this many matches, and says "at least this many" beyond. */
export const ESTIMATE_CAP = 10_000;

export interface SearchOutcome {
  request: SearchRequest;
  matches: StoredResource[];
  /** Resources added by `_include` / `_revinclude` (never counted in `total`). */
  included?: StoredResource[];
  /** Notes for the client (e.g. includes cut short), shown as an OperationOutcome entry. */
  warnings?: string[];
  /** Undefined when not computed (_total=none, or a page that cannot tell it for free). */
  total?: number;
  /** True when a further page exists (after this one). */
  hasMore: boolean;
  /** True when a page exists before this one (as far as the query can tell). */
  hasPrevious: boolean;
  /** Keyset positions of this page's first and last rows, for `previous` and `next` links (absent in `_offset` paging). */
  firstPosition?: PageCursor;
  lastPosition?: PageCursor;
  /** Per match, the extra column asked for (same order as matches). */
  extras?: unknown[];
  /** True when the page's statement wrote the audit record (`pageAudit`). */
  audited?: boolean;
  /** True when a walk of the sort key's index served the page (sort-walk.ts). */
  walked?: boolean;
}

export interface RunSearchOptions extends SearchSqlOptions {
  /** `params` already parsed by the caller (the same request), so it is not parsed twice. */
  request?: SearchRequest;
  /**
   * Given the parsed request, the audit record the page's own statement should write (its
   * result ids and patients, from the extra column, filled in there), or undefined when
   * the caller records the search itself (e.g. it adds included resources to the record).
   */
  pageAudit?: (request: SearchRequest) => PageAudit | undefined;
  /**
   * A condition that reads no row (named-patients-scope.ts), checked by each statement of the
   * search itself: when it fails, the statement returns nothing, counts nothing and records
   * nothing. PostgreSQL evaluates it once, before reading any row (a one-time filter), and the
   * plan beneath is the ungated one. It saves a round trip per search.
   */
  gate?: (p: SqlParams) => string;
}

/**
 * `sql` under the gate: its rows, in their order, only when the gate holds (`holds`, the SQL
 * that tests it). With `shared`, the gate's condition is a CTE (`ctes`, to put first in the
 * statement's WITH) that `holds` reads: a statement that tests the gate twice (the audited
 * page: its rows, and whether its record is written) evaluates its checks once.
 */
function gated(
  gate: RunSearchOptions['gate'],
  sql: string,
  params: unknown[],
  shared = false,
): { sql: string; params: unknown[]; holds?: string; ctes: string[] } {
  if (!gate) return { sql, params, ctes: [] };
  const p = new SqlParams(params);
  const condition = gate(p);
  const holds = shared ? '(SELECT gate.ok FROM gate)' : condition;
  // A subquery scan under a one-time filter hands its rows on in the order it read them (as pageWithAudit relies on too).
  return {
    sql: `SELECT * FROM (${sql}) gated WHERE ${holds}`,
    params: p.values,
    holds,
    ctes: shared ? [`gate AS (SELECT ${condition} AS ok)`] : [],
  };
}

type PageRow = ResourceRow & { extra?: unknown } & Record<string, unknown>;

function positionOf(row: PageRow, sortKeys: number, direction: 'next' | 'prev'): PageCursor {
  const values: (string | null)[] = [];
  for (let n = 0; n < sortKeys; n++) values.push((row[`sort_${n}`] as string | null | undefined) ?? null);
  return { direction, values, id: row.id };
}

async function countOf(db: Queryable, sql: string, params: unknown[], gate?: RunSearchOptions['gate']): Promise<number> {
  const q = gated(gate, sql, params);
  return Number((await db.query<{ n: string | number }>(q.sql, q.params)).rows[0]?.n ?? 0);
}

export async function runSearch(
  db: Queryable,
  resourceType: string,
  params: URLSearchParams,
  lenient: boolean,
  opts: RunSearchOptions = {},
): Promise<SearchOutcome> {
  const request = opts.request ?? parseSearchRequest(resourceType, params, { lenient });
  if (request.cursor !== undefined && request.offset > 0) {
    throw badRequest('_cursor and _offset cannot be used together', [{ field: '_offset', message: 'not allowed with _cursor' }]);
  }
  const cursor = request.cursor !== undefined ? decodeCursor(resourceType, request.sort, request.cursor) : undefined;
  const built = buildSearchSql(request, { ...opts, ...(cursor ? { cursor } : {}) });
  const count = request.count;
  if (count === 0 || request.summary === 'count') {
    const total = request.total === 'none' ? undefined : await countOf(db, built.countSql, built.countParams, opts.gate);
    return { request, matches: [], total, hasMore: false, hasPrevious: false };
  }
  const audit = opts.pageAudit?.(request);
  const preparable = pagesPreparable(request, opts.scope !== undefined);
  /** The page's rows; `walkedIf`: the page is a walk's, whose audit record is written only when this holds. */
  const pageRows = async (sql: string, params: unknown[], walkedIf?: (pageSize: string) => string): Promise<PageRow[]> => {
    // A page is planned with its values each time, never prepared once for any values.
    // PostgreSQL switches a prepared statement to its generic plan after five executions:
    // for a doctor's search of one patient's heart rates at 100,000 patients that plan ran
    // into the 30 s statement timeout where the plan for the values takes 10 ms, and a
    // walk's generic plan walked the whole date index.
    // The exception: pages that only name patients have one plan for any values (prepared-page.ts).
    const g = gated(opts.gate, sql, params, audit !== undefined);
    if (audit) {
      const recordIf = walkedIf || g.holds ? (n: string) => [walkedIf?.(n), g.holds].filter(Boolean).join(' AND ') : undefined;
      const q = pageWithAudit(
        g.sql,
        g.params,
        count,
        audit.record,
        opts.extraColumn ? 'extra' : undefined,
        recordIf,
        built.reversed,
        g.ctes,
      );
      return (await audit.on.query<PageRow>(q.sql, q.params, pageStatement(preparable, q.sql))).rows;
    }
    return (await db.query<PageRow>(g.sql, g.params, pageStatement(preparable, g.sql))).rows;
  };
  // A page sorted by one date or string tries the walk of its index first (sort-walk.ts); when
  // the walk serves the page, its statement alone wrote the audit record.
  const walk = built.walk;
  let walkedRows: PageRow[] | undefined;
  if (walk) {
    const walked = await pageRows(walk.sql, walk.params, (n) => walkServesSql(n, walk.backward));
    if (walkServes(walked, count, walk.backward)) walkedRows = walked;
  }
  const rows = walkedRows ?? (await pageRows(built.sql, built.params));
  // The SQL asks for one row more than the page, to know whether a further page exists.
  const more = rows.length > count;
  const page = rows.slice(0, count);
  if (built.reversed) page.reverse();
  // A reversed query (previous / last page) looks backwards: its extra row means an earlier page.
  // A previous page always has the page it came from after it; the last page has none.
  const hasMore = built.reversed ? cursor?.direction === 'prev' && page.length > 0 : more;
  const hasPrevious = built.reversed ? more : cursor !== undefined || request.offset > 0;
  const matches = page.map(fromRow);
  let total: number | undefined;
  const firstPageOnly = !cursor && request.offset === 0 && !more;
  if (request.total === 'accurate') {
    total = firstPageOnly ? matches.length : await countOf(db, built.countSql, built.countParams, opts.gate);
  } else if (request.total === 'estimate') {
    // An exact count up to ESTIMATE_CAP under the same filters and scope. The planner's row
    // estimate is not used: it is computed over every row, including those the caller may
    // not see, and would leak how many there are.
    total = firstPageOnly ? matches.length : await countOf(db, built.cappedCountSql(ESTIMATE_CAP), built.countParams, opts.gate);
  } else if (request.total === undefined && !cursor && !more) {
    // Free when this page holds the rest of the results of an offset-paged (or first) page.
    total = request.offset + matches.length;
  }
  const sortKeys = request.sort.length;
  return {
    request,
    matches,
    total,
    hasMore,
    hasPrevious,
    ...(page.length && request.offset === 0
      ? { firstPosition: positionOf(page[0]!, sortKeys, 'prev'), lastPosition: positionOf(page.at(-1)!, sortKeys, 'next') }
      : {}),
    ...(opts.extraColumn ? { extras: page.map((r) => r.extra) } : {}),
    ...(audit ? { audited: true } : {}),
    ...(walkedRows ? { walked: true } : {}),
  };
}
