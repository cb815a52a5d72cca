/**
 * Turns a SearchRequest into bound SQL over `resource` and the sp_* index tables: one
 * EXISTS subquery per filter (a semi-join PostgreSQL can drive from the value indexes),
 * ORDER BY the requested keys plus the id (stable pages), LIMIT/OFFSET for paging.
 * Identifiers come only from the fixed maps below; every value is a `$n` parameter.
 */
import { filterSql, tableName } from './filter-sql.ts';
import type { IndexTable } from './index-rows.ts';
import type { SearchFilter, SearchRequest, SortKey } from './search-request.ts';
import { SqlParams } from './sql-params.ts';

export interface BuiltSearchSql {
  /** The page: `count + 1` rows, so the caller can tell whether a next page exists. */
  sql: string;
  params: unknown[];
  /** `SELECT count(*) AS n` over the same filters. */
  countSql: string;
  countParams: unknown[];
}

/** The column a resource is ordered by, per table: [ascending (min), descending (max)]. */
const SORT_COLUMNS: Readonly<Record<IndexTable, readonly [string, string] | undefined>> = {
  token: ['x.code', 'x.code'],
  string: ['x.value', 'x.value'],
  // An open start sorts first, an open end (ongoing) last.
  date: ["coalesce(x.low, '-infinity')", "coalesce(x.high, 'infinity')"],
  number: ['x.value', 'x.value'],
  quantity: ['x.value', 'x.value'],
  uri: ['x.value', 'x.value'],
  reference: undefined,
};

export const SELECT_COLUMNS = 'r.resource_type, r.id, r.version_id, r.last_updated, r.deleted, r.content';

function sortSql(key: SortKey, typeParam: string, p: SqlParams): string {
  const direction = key.descending ? 'DESC' : 'ASC';
  if (key.table === 'resource') return `${key.param === '_id' ? 'r.id' : 'r.last_updated'} ${direction}`;
  const columns = SORT_COLUMNS[key.table];
  if (!columns) throw new Error(`cannot sort on ${key.table}`);
  // Many values: ascending by the smallest, descending by the largest (search.html#_sort).
  const value = key.descending ? `max(${columns[1]})` : `min(${columns[0]})`;
  return `(SELECT ${value} FROM ${tableName(key.table)} x WHERE x.resource_type = ${typeParam} AND x.resource_id = r.id AND x.param = ${p.add(key.param, 'text')}) ${direction} NULLS LAST`;
}

export interface SearchSqlOptions {
  /** An access condition over `r` (access-scope.ts): rows outside it are never fetched or counted. */
  scope?: (p: SqlParams) => string;
  /** An extra column for each row (e.g. the row's patient ids, for the audit trail). */
  extraColumn?: (p: SqlParams) => string;
  /** Token values that may be stored as keyed hashes (field encryption): the conditions to match instead. */
  expandToken?: (param: string, c: TokenCondition) => TokenCondition[];
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
  const conditions = [`r.resource_type = ${typeParam}`, 'NOT r.deleted', ...filters.map((f) => filterSql(f, typeParam, p))];
  if (opts.scope) conditions.push(opts.scope(p));
  const where = conditions.join('\n  AND ');
  const countParams = [...p.values];
  const countSql = `SELECT count(*) AS n FROM resource r\nWHERE ${where}`;

  const order = req.sort.map((k) => sortSql(k, typeParam, p));
  if (!req.sort.some((k) => k.param === '_id')) order.push('r.id ASC');
  const limit = p.add(req.count + 1, 'bigint');
  const offset = p.add(req.offset, 'bigint');
  const columns = opts.extraColumn ? `${SELECT_COLUMNS}, ${opts.extraColumn(p)} AS extra` : SELECT_COLUMNS;
  const sql = `SELECT ${columns} FROM resource r\nWHERE ${where}\nORDER BY ${order.join(', ')}\nLIMIT ${limit} OFFSET ${offset}`;
  return { sql, params: p.values, countSql, countParams };
}
