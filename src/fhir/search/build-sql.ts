/**
 * Turns a SearchRequest into bound SQL over `resource` and the sp_* index tables: one
 * EXISTS subquery per filter (a semi-join PostgreSQL can drive from the value indexes),
 * ORDER BY the requested keys plus the id (stable pages), then either keyset paging (the
 * rows after or before a cursor position, see page-cursor.ts) or LIMIT/OFFSET for clients
 * that send `_offset`. Identifiers come only from the fixed maps below; every value is a
 * `$n` parameter.
 */
import { filtersSql, tableName } from './filter-sql.ts';
import { drivenIdsSql, idOrderedFromSql, pickIdOrderedDriver } from './id-ordered-driver.ts';
import { canPageIdsFirst, idsFirstFromSql, idsSourceFilter, idsSourceSql, sortedIdsFirstRowsSql } from './ids-first-page.ts';
import { candidateMatchesFromSql, probedPerCandidate } from './candidate-matches.ts';
import { EXHAUSTED_COLUMN, sortWalk, PAST_EDGE_COLUMN, WALK_BUDGET, walkSuits } from './sort-walk.ts';
import { sortColumnSql } from './sort-columns.ts';
import { sortValueType, type PageCursor } from './page-cursor.ts';
import type { SearchFilter, SearchRequest, SortKey } from './search-request.ts';
import { SqlParams } from './sql-params.ts';

export interface BuiltSearchSql {
  /**
   * The page: `count + 1` rows, so the caller can tell whether a further page exists. Each
   * row also has `sort_0..sort_n` (its sort values as text, for cursors). When `reversed`,
   * the rows come last-first (a `previous` or `last` page) and the caller turns them round.
   */
  sql: string;
  params: unknown[];
  reversed: boolean;
  /** `SELECT count(*) AS n` over the same filters (and scope); `countParams` serve both count queries. */
  countSql: string;
  countParams: unknown[];
  /** The same count, stopping at `cap` rows (`_total=estimate`). */
  cappedCountSql(cap: number): string;
  /**
   * For a first, next or previous page sorted by one date or string: the same page from a
   * walk of its index (sort-walk.ts), to try first. The page is right only when
   * `walkServes` says so (from the rows' PAST_EDGE_COLUMN and EXHAUSTED_COLUMN); else `sql` must run.
   */
  walk?: { sql: string; params: unknown[]; backward: boolean };
}

export const SELECT_COLUMNS = 'r.resource_type, r.id, r.version_id, r.last_updated, r.deleted, r.content';
/** What a page's inner query hands its outer one: the row's patients too, which the scope and the audit's extra column read there. */
const INNER_COLUMNS = `${SELECT_COLUMNS}, r.patient_ids`;

/** The value a row is sorted by for one key, as an SQL expression over `r`. */
function sortValueSql(key: SortKey, typeParam: string, p: SqlParams): string {
  if (key.table === 'resource') return key.param === '_id' ? 'r.id' : 'r.last_updated';
  const column = sortColumnSql(key.table, key.descending, 'x');
  if (!column) throw new Error(`cannot sort on ${key.table}`);
  // Many values: ascending by the smallest, descending by the largest (search.html#_sort).
  const value = `${key.descending ? 'max' : 'min'}(${column})`;
  return `(SELECT ${value} FROM ${tableName(key.table)} x WHERE x.resource_type = ${typeParam} AND x.resource_id = r.id AND x.param = ${p.add(key.param, 'text')})`;
}

/** One ordering column of the page query: the sorted expression's alias, direction, and the cursor value's type. */
interface OrderKey {
  column: string;
  descending: boolean;
  type: 'text' | 'timestamptz' | 'numeric';
}

/**
 * Rows strictly after (or, `before`, strictly before) the cursor position in the order
 * `keys` (NULLS LAST in both directions): key by key, a row is past the position when it
 * is past on this key, or equal on it and past on the following ones. The last key is the
 * id, which is never null and unique, so every row has exactly one place.
 */
function keysetSql(keys: OrderKey[], values: (string | null)[], before: boolean, p: SqlParams): string {
  const at = (n: number): string => {
    const k = keys[n]!;
    const v = values[n] ?? null;
    const col = `r.${k.column}`;
    const greater = k.descending !== before ? '<' : '>';
    let strict: string;
    let equal: string;
    if (v === null) {
      // Nulls come last: nothing non-null is after a null; everything non-null is before it.
      strict = before ? `${col} IS NOT NULL` : 'false';
      equal = `${col} IS NULL`;
    } else {
      const bound = p.add(v, k.type);
      strict = before ? `${col} ${greater} ${bound}` : `(${col} ${greater} ${bound} OR ${col} IS NULL)`;
      equal = `${col} = ${bound}`;
    }
    if (n === keys.length - 1) return strict;
    return `(${strict} OR (${equal} AND ${at(n + 1)}))`;
  };
  return at(0);
}

export interface SearchSqlOptions {
  /** An access condition over `r` (access-scope.ts): rows outside it are never fetched or counted. */
  scope?: (p: SqlParams) => string;
  /**
   * For this request, a condition the scope implies that an index can start from (a
   * clinician's patients, RowScope.candidates), or undefined to rely on the filters.
   */
  candidates?: (req: SearchRequest) => ((p: SqlParams) => string) | undefined;
  /** An extra column for each row (e.g. the row's patient ids, for the audit trail). */
  extraColumn?: (p: SqlParams) => string;
  /** A keyset position from a paging link (page-cursor.ts); without it, `req.offset` pages. */
  cursor?: PageCursor;
  /** Token values that may be stored as keyed hashes (field encryption): the conditions to match instead. */
  expandToken?: (param: string, c: TokenCondition) => TokenCondition[];
  /** Index rows a sorted page's walk reads at most (sort-walk.ts); 0: no walk. Tests make it small. */
  walkBudget?: number;
}

type TokenCondition = Extract<SearchFilter['conditions'][number], { kind: 'token' }>;

export function buildSearchSql(req: SearchRequest, opts: SearchSqlOptions = {}): BuiltSearchSql {
  const p = new SqlParams();
  const typeParam = p.add(req.resourceType, 'text');
  const expand = opts.expandToken;
  const filters = expand
    ? req.filters.map((f) => ({
        ...f,
        conditions: f.conditions.flatMap((c) => (c.kind === 'token' && c.code !== undefined ? expand(f.param, c) : [c])),
      }))
    : req.filters;
  // In the default order (by id), one filter's index may list the matches in that order (id-ordered-driver.ts).
  const driven = req.sort.length === 0 ? pickIdOrderedDriver(filters) : undefined;
  // The page and the counts keep separate parameter lists: a driven page leaves its driving
  // filter out of WHERE, and a bound parameter the SQL never names has no type.
  const candidates = opts.scope ? opts.candidates?.(req) : undefined;
  /** The conditions on `r`: its type, `live`, the filters `fs`, then (unless left out) the candidates and the scope. */
  const whereOf = (
    q: SqlParams,
    type: string,
    fs: readonly SearchFilter[],
    live = 'NOT r.deleted',
    access = { candidates: true, scope: true },
  ): string => {
    const conditions = [`r.resource_type = ${type}`, ...(live ? [live] : []), ...filtersSql(req.resourceType, fs, type, q)];
    if (candidates && access.candidates) conditions.push(`r.id IN (${candidates(q)})`);
    if (opts.scope && access.scope) conditions.push(opts.scope(q));
    return conditions.join('\n  AND ');
  };
  const cp = new SqlParams();
  const countType = cp.add(req.resourceType, 'text');
  // A search that starts from a clinician's patients finds its matches' ids among them first (candidate-matches.ts).
  const matchesFirst = candidates !== undefined && !driven;
  // Chains stay on the matched rows: in the ids step the planner joined a chain's matches
  // across the hospital (every male patient's encounters for `patient.gender=male`).
  const idsStepFilters = filters.filter((f) => !f.chain);
  const matchedRowFilters = filters.filter((f) => f.chain);
  const matchesFromSql = (q: SqlParams, type: string) =>
    candidateMatchesFromSql({
      candidateIds: candidates!(q),
      filters: filtersSql(req.resourceType, idsStepFilters, type, q, { perRow: probedPerCandidate }),
      readsRow: idsStepFilters.some((f) => f.table === 'resource'),
      typeParam: type,
    });
  /** Conditions on a matched row: live, its chains, and the scope (the candidates already hold). */
  const matchedRowWhere = (q: SqlParams, type: string) =>
    whereOf(q, type, matchedRowFilters, 'NOT r.deleted', { candidates: false, scope: true });
  // Without a scope, a lone driving filter is counted in its index alone: index rows exist only
  // for the current version of live resources (written and removed with each version, in the
  // same statement), so its distinct ids are the matches, and no resource row is read.
  const counted =
    driven && !opts.scope
      ? `(${drivenIdsSql(driven, countType, cp)}) d`
      : matchesFirst
        ? `${matchesFromSql(cp, countType)}\nWHERE ${matchedRowWhere(cp, countType)}`
        : `resource r\nWHERE ${whereOf(cp, countType, filters)}`;
  const countParams = cp.values;
  const countSql = `SELECT count(*) AS n FROM ${counted}`;
  // The cap is a number from our own code, not client text.
  const cappedCountSql = (cap: number) =>
    `SELECT count(*) AS n FROM (SELECT 1 FROM ${counted}\nLIMIT ${Math.max(0, Math.trunc(cap))}) capped`;

  // The sort values are computed once per row in the inner query; the outer one orders and pages by them.
  const sortColumns = req.sort.map((k, n) => `, ${sortValueSql(k, typeParam, p)} AS sort_${n}`).join('');
  const keys: OrderKey[] = req.sort.map((k, n) => ({ column: `sort_${n}`, descending: k.descending, type: sortValueType(k) }));
  const cursorValues: (string | null)[] = [...(opts.cursor?.values ?? [])];
  if (!req.sort.some((k) => k.param === '_id')) {
    keys.push({ column: 'id', descending: false, type: 'text' });
    cursorValues.push(opts.cursor?.id ?? null);
  }
  const cursor = opts.cursor;
  const reversed = cursor?.direction === 'prev' || cursor?.direction === 'last';
  const order = keys.map((k) => `r.${k.column} ${k.descending !== reversed ? 'DESC' : 'ASC'} NULLS ${reversed ? 'FIRST' : 'LAST'}`);
  const outerWhere =
    cursor && cursor.direction !== 'last' ? `\nWHERE ${keysetSql(keys, cursorValues, cursor.direction === 'prev', p)}` : '';
  const limit = p.add(req.count + 1, 'bigint');
  const offset = cursor ? '' : ` OFFSET ${p.add(req.offset, 'bigint')}`;
  const sortText = req.sort.map((_k, n) => `, r.sort_${n}::text AS sort_${n}`).join('');
  let from = 'resource r';
  const afterId = cursor && cursor.direction !== 'last' ? cursorValues[0] : undefined;
  const range = {
    ...(afterId ? { after: { op: cursor!.direction === 'prev' ? ('<' as const) : ('>' as const), id: afterId } } : {}),
    descending: reversed,
  };
  const pageSize = req.count + 1 + (cursor ? 0 : req.offset);
  /**
   * The ids step of an ids-first page: its rows (one filter's matches, idsSourceFilter, or
   * `resource`) and its conditions on them (the other filters, no `NOT deleted`).
   */
  const idsStep = (q: SqlParams) => {
    const source = idsSourceFilter(filters, req.sort.length > 0);
    if (!source) return { source: idsSourceSql(undefined, typeParam, q), where: whereOf(q, typeParam, filters, '') };
    const rest = filtersSql(
      req.resourceType,
      filters.filter((f) => f !== source),
      typeParam,
      q,
    );
    return { source: idsSourceSql(source, typeParam, q), where: rest.length ? rest.join('\n  AND ') : 'true' };
  };
  // In the default order without a scope, the page's ids come first and only its rows are read (ids-first-page.ts).
  const idsFirst = !driven && req.sort.length === 0 && !opts.scope && canPageIdsFirst(filters);
  if (driven) {
    // Every driven id is a match unless a scope drops some (index rows are live resources only).
    from = idOrderedFromSql(driven, typeParam, p, { ...range, ...(opts.scope ? {} : { limit: pageSize }) });
  } else if (idsFirst) {
    const ids = idsStep(p);
    from = idsFirstFromSql(ids.source, ids.where, typeParam, p, { ...range, limit: pageSize });
  } else if (matchesFirst) {
    from = matchesFromSql(p, typeParam);
  }
  /** The page around `inner`'s rows: its columns (plus `columns`), the cursor's condition, the order and `limit`; values go in `q`. */
  const pageOf = (q: SqlParams, inner: string, columns: string, where: string, limit: string) => {
    const extra = opts.extraColumn ? `, ${opts.extraColumn(q)} AS extra` : '';
    // The outer query names the inner rows `r` too, so scope and extra columns read the same there.
    return `SELECT ${SELECT_COLUMNS}${sortText}${columns}${extra}\nFROM (${inner}) r${where}\nORDER BY ${order.join(', ')}\nLIMIT ${limit}`;
  };
  // A sorted page without a scope whose filters imply live rows reads only its own rows (ids-first-page.ts).
  const sortedIdsFirst =
    !driven &&
    !matchesFirst &&
    !opts.scope &&
    req.sort.length > 0 &&
    req.sort.every((k) => k.table !== 'resource') &&
    canPageIdsFirst(filters);
  let sql: string;
  if (sortedIdsFirst) {
    const ids = idsStep(p);
    const pageRows = sortedIdsFirstRowsSql(ids.source, ids.where, typeParam, {
      columns: INNER_COLUMNS,
      sortColumns,
      sortKeys: req.sort.length,
      keyset: outerWhere,
      order: order.join(', '),
      limit: `${limit}${offset}`,
    });
    sql = pageOf(p, pageRows, '', '', limit);
  } else {
    const pageWhere = matchesFirst ? matchedRowWhere(p, typeParam) : whereOf(p, typeParam, driven || idsFirst ? [] : filters);
    const inner = `SELECT ${INNER_COLUMNS}${sortColumns} FROM ${from}\nWHERE ${pageWhere}`;
    sql = pageOf(p, inner, '', outerWhere, `${limit}${offset}`);
  }
  // A clinician's searches start from their patients (candidates), a short list: no walk there.
  const budget = opts.walkBudget ?? WALK_BUDGET;
  const walkable =
    budget > 0 && req.sort.length === 1 && req.offset === 0 && !candidates && cursor?.direction !== 'last' && walkSuits(filters);
  let walk: BuiltSearchSql['walk'];
  if (walkable) {
    const wp = new SqlParams();
    const wType = wp.add(req.resourceType, 'text');
    const backward = cursor?.direction === 'prev';
    const w = sortWalk(req.sort[0]!, wType, wp, cursor ? cursorValues[0] : undefined, budget, backward);
    if (w) {
      const wInner = `SELECT ${INNER_COLUMNS}, w.s AS sort_0, w.past_edge AS ${PAST_EDGE_COLUMN}, w.exhausted AS ${EXHAUSTED_COLUMN}
FROM ${w.from}
JOIN resource r ON r.resource_type = ${wType} AND r.id = w.resource_id
WHERE ${whereOf(wp, wType, filters)}`;
      const wOuterWhere = cursor ? `\nWHERE ${keysetSql(keys, cursorValues, backward, wp)}` : '';
      const walkColumns = `, r.${PAST_EDGE_COLUMN}, r.${EXHAUSTED_COLUMN}`;
      const sql = pageOf(wp, wInner, walkColumns, wOuterWhere, wp.add(req.count + 1, 'bigint'));
      walk = { sql, params: wp.values, backward };
    }
  }
  return {
    sql,
    params: p.values,
    reversed,
    countSql,
    countParams,
    cappedCountSql,
    ...(walk ? { walk } : {}),
  };
}
