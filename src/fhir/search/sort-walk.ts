/**
 * A page sorted by one date or string parameter, tried first by walking that parameter's
 * index in sort order instead of computing the sort value of every match.
 *
 * The usual page query (build-sql.ts) computes each match's sort value (its largest value
 * for `-date`, its smallest for `date`) and keeps the best `count + 1`. That costs one
 * index probe per match: `Observation?code=8867-4&_sort=-date` across a hospital matches
 * tens of thousands of Observations and took half a second at 2,000 patients, two at 10,000;
 * `Patient?_sort=family` sorted every patient.
 *
 * The walk reads the first WALK_BUDGET rows of the index (`sp_date (resource_type, param,
 * low|high)`, `sp_string (resource_type, param, value)`) in sort order, from the cursor's
 * position on a `next` page (backward from it on a `previous` page), takes each resource's best value among them, and applies the
 * page's filters and scope to those resources only. Every resource whose sort value lies
 * strictly before the last walked value (the edge) has its best row among the walked rows,
 * so it is among the candidates with its true value. The page is therefore exact when its
 * extra row (the `count + 1`-th) lies strictly before the edge or the walk read every row
 * (`walkServes`). Otherwise (rare matches, or ties at the edge) the caller runs the usual
 * query: the walk costs at most WALK_BUDGET index rows and probes.
 *
 * Sort values are the page query's (sort-columns.ts). Dates: an open start sorts first (`-infinity`), an open
 * end last (`infinity`); a missing low or high is NULL in sp_date, so the walk reads those
 * rows first, then the dated ones. Strings: byte order (COLLATE "C"), the order of the
 * string index (text_pattern_ops), whatever the database's collation. A resource without
 * the value comes after every one with it.
 */
import type { SearchFilter, SortKey } from './search-request.ts';
import type { SqlParams } from './sql-params.ts';
import { sortColumnSql } from './sort-columns.ts';
import { tableName } from './filter-sql.ts';

/** Index rows one walk reads at most: enough for a page when about 1 in 50 rows match. */
export const WALK_BUDGET = 1000;

/** The column of a walk page's rows that says whether the row lies strictly before the edge. */
export const PAST_EDGE_COLUMN = 'walk_past_edge';
/** The column that says whether the walk read every row from its start on. */
export const EXHAUSTED_COLUMN = 'walk_exhausted';

/**
 * Whether a walk's page is the true page (`count + 1` rows asked). Yes when its extra row lies
 * before the edge. Also, going backward, when the walk read every row to the start of the
 * order and the page is short: that is the first page, and nothing sorts before it (resources
 * without the value sort last).
 */
export function walkServes(rows: readonly Record<string, unknown>[], count: number, backward: boolean): boolean {
  if (rows.length > count) return rows[count]![PAST_EDGE_COLUMN] === true;
  return backward && rows.length > 0 && rows[0]![EXHAUSTED_COLUMN] === true;
}

/** walkServes in SQL, over the page's rows `m` numbered from 1 by `page_row`; `n` is the page size. */
export function walkServesSql(n: string, backward: boolean): string {
  const extra = `EXISTS (SELECT 1 FROM m WHERE m.page_row = ${n} + 1 AND m.${PAST_EDGE_COLUMN})`;
  if (!backward) return extra;
  return `(${extra} OR (NOT EXISTS (SELECT 1 FROM m WHERE m.page_row = ${n} + 1) AND EXISTS (SELECT 1 FROM m WHERE m.${EXHAUSTED_COLUMN})))`;
}

/**
 * Filters that usually leave few matches: a named resource (a patient's results), chains,
 * identifiers, ids, lists, words. The usual query starts from them and sorts a handful, where
 * a walk would read its whole budget for nothing.
 */
const SELECTIVE_TABLES: ReadonlySet<string> = new Set(['reference', 'chain', 'has', 'list', 'text']);

export function walkSuits(filters: readonly SearchFilter[]): boolean {
  return !filters.some(
    (f) => f.param === '_id' || f.param === 'identifier' || (SELECTIVE_TABLES.has(f.table) && !f.not && f.missing === undefined),
  );
}

/** How one sort key's index is walked. */
interface WalkedIndex {
  table: string;
  column: string;
  /** The index's order in the walk's direction (ORDER BY ...). */
  order: string;
  /** The operator that keeps rows at or past the cursor's value in the walk's direction. */
  fromCursor: string;
  cast: 'timestamptz' | 'text';
  /** A row's sort value over the alias given, as the page query computes it (sort-columns.ts). */
  valueOf: (alias: string) => string;
  /**
   * For a nullable column, the cursor's text of the value NULL stands for (sort-columns.ts),
   * which sorts before every other: an open end.
   */
  openText?: string;
}

/** The index of a sort key, walked descending (`walkDesc`) or ascending in value order. */
function walkedIndex(key: SortKey, walkDesc: boolean): WalkedIndex | undefined {
  if (key.table === 'date') {
    const desc = key.descending;
    return {
      table: tableName('date'),
      column: desc ? 'high' : 'low',
      order: walkDesc ? 'DESC' : 'ASC',
      fromCursor: walkDesc ? '<=' : '>=',
      cast: 'timestamptz',
      valueOf: (a) => sortColumnSql('date', desc, a)!,
      openText: desc ? 'infinity' : '-infinity',
    };
  }
  if (key.table === 'string') {
    return {
      table: tableName('string'),
      column: 'value',
      order: walkDesc ? 'USING ~>~' : 'USING ~<~',
      fromCursor: walkDesc ? '~<=~' : '~>=~',
      cast: 'text',
      valueOf: (a) => sortColumnSql('string', key.descending, a)!,
    };
  }
  return undefined;
}

export interface SortWalk {
  /** A FROM item (alias `w`) with `resource_id`, `s` (the sort value), `past_edge` and `exhausted`. */
  from: string;
}

/**
 * The walk for a one-key sort, reading at most `budgetRows` index rows from `cursorValue`
 * on: forward for a first page (no cursor) or a `next` page (the last row's sort value);
 * `backward`, against the sort order, for a `previous` page (the first row's value). Or
 * undefined when no walk can serve the page (a type of value without a walked index, or a
 * cursor among the resources without the value, or among the open ends going backward).
 */
export function sortWalk(
  key: SortKey,
  typeParam: string,
  p: SqlParams,
  cursorValue: string | null | undefined,
  budgetRows: number = WALK_BUDGET,
  backward = false,
): SortWalk | undefined {
  const desc = key.descending;
  // The walk goes against the sort order for a previous page.
  const walkDesc = desc !== backward;
  const index = walkedIndex(key, walkDesc);
  if (!index || cursorValue === null) return undefined;
  const { column, openText, valueOf } = index;
  if (backward && (cursorValue === undefined || cursorValue === openText)) return undefined;
  const param = p.add(key.param, 'text');
  const budget = p.add(budgetRows, 'bigint');
  const where = `x.resource_type = ${typeParam} AND x.param = ${param}`;
  // From the cursor's value (inclusive: ties are ordered by id, which the page's keyset
  // condition sorts out). An open-end cursor going forward keeps the open rows.
  const fromStart = cursorValue === undefined || cursorValue === openText;
  const bound = fromStart ? '' : ` AND x.${column} ${index.fromCursor} ${p.add(cursorValue, index.cast)}`;
  // Open ends sort first: the walk reads them first going forward, last going backward.
  const openRows =
    openText && (fromStart || backward)
      ? `(SELECT x.resource_id, ${valueOf('x')} AS v, ${backward ? 1 : 0} AS k FROM ${index.table} x WHERE ${where} AND x.${column} IS NULL LIMIT ${budget})`
      : '';
  const valueRows = `(SELECT x.resource_id, ${valueOf('x')} AS v, ${backward ? 0 : 1} AS k FROM ${index.table} x
       WHERE ${where}${openText ? ` AND x.${column} IS NOT NULL` : ''}${bound} ORDER BY x.${column} ${index.order} LIMIT ${budget})`;
  const rows = openRows ? `${openRows}\n       UNION ALL ${valueRows}` : valueRows;
  // "Before" in the sort order, and in the walk's order.
  const before = desc ? '>' : '<';
  const walkedBefore = walkDesc ? '>' : '<';
  // A walk that starts in the middle may meet a resource by a lesser value while its best
  // one lies on the other side of the cursor (a next page) or beyond the walk (a previous
  // page). Its place is not here, so it is left out.
  const notBest = fromStart
    ? ''
    : `\n   WHERE NOT EXISTS (SELECT 1 FROM ${index.table} y WHERE y.resource_type = ${typeParam} AND y.resource_id = g.resource_id
       AND y.param = ${param} AND ${valueOf('y')} ${before} g.s)`;
  const from = `(WITH walk AS MATERIALIZED (
     SELECT u.resource_id, u.v FROM (${rows}) u ORDER BY u.k, u.v ${walkDesc ? 'DESC' : 'ASC'} LIMIT ${budget}),
   edge AS (SELECT CASE WHEN count(*) < ${budget} THEN NULL ELSE ${walkDesc ? 'min' : 'max'}(v) END AS e FROM walk)
   SELECT g.resource_id, g.s, (edge.e IS NULL OR g.s ${walkedBefore} edge.e) AS past_edge, edge.e IS NULL AS exhausted
   FROM (SELECT resource_id, ${desc ? 'max' : 'min'}(v) AS s FROM walk GROUP BY resource_id) g, edge${notBest}) w`;
  return { from };
}
