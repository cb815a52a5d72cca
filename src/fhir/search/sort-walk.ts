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
 * position on a `next` page, takes each resource's best value among them, and applies the
 * page's filters and scope to those resources only. Every resource whose sort value lies
 * strictly before the last walked value (the edge) has its best row among the walked rows,
 * so it is among the candidates with its true value. The page is therefore exact when its
 * extra row (the `count + 1`-th) lies strictly before the edge, or when the walk read every
 * row. Otherwise (rare matches, or ties at the edge) the caller runs the usual query: the
 * walk costs at most WALK_BUDGET index rows and probes.
 *
 * Sort values follow build-sql.ts. Dates: an open start sorts first (`-infinity`), an open
 * end last (`infinity`); a missing low or high is NULL in sp_date, so the walk reads those
 * rows first, then the dated ones. Strings: byte order (COLLATE "C"), the order of the
 * string index (text_pattern_ops), whatever the database's collation. A resource without
 * the value comes after every one with it.
 */
import type { SearchFilter, SortKey } from './search-request.ts';
import type { SqlParams } from './sql-params.ts';

/** Index rows one walk reads at most: enough for a page when about 1 in 50 rows match. */
export const WALK_BUDGET = 1000;

/** The column of a walk page's rows that says whether the row lies strictly before the edge. */
export const PAST_EDGE_COLUMN = 'walk_past_edge';

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
  /** The index's order for this direction (ORDER BY ...). */
  order: string;
  /** The operator that keeps rows at or after the cursor's value in that order. */
  fromCursor: string;
  /** The value as compared and aggregated (in the index's order). */
  value: (column: string) => string;
  cast: 'timestamptz' | 'text';
  /** For a nullable column: the value NULL stands for, which sorts before every other (as SQL and as the cursor's text). */
  open?: { sql: string; text: string };
}

function walkedIndex(key: SortKey): WalkedIndex | undefined {
  const desc = key.descending;
  if (key.table === 'date') {
    const column = desc ? 'high' : 'low';
    return {
      table: 'sp_date',
      column,
      order: desc ? 'DESC' : 'ASC',
      fromCursor: desc ? '<=' : '>=',
      value: (c) => c,
      cast: 'timestamptz',
      open: desc ? { sql: "'infinity'::timestamptz", text: 'infinity' } : { sql: "'-infinity'::timestamptz", text: '-infinity' },
    };
  }
  if (key.table === 'string') {
    return {
      table: 'sp_string',
      column: 'value',
      order: desc ? 'USING ~>~' : 'USING ~<~',
      fromCursor: desc ? '~<=~' : '~>=~',
      value: (c) => `${c} COLLATE "C"`,
      cast: 'text',
    };
  }
  return undefined;
}

export interface SortWalk {
  /** A FROM item (alias `w`) with `resource_id`, `s` (the sort value) and `past_edge`. */
  from: string;
}

/**
 * The walk for a one-key sort, starting after `cursorValue` (the last row's sort value on a
 * `next` page; undefined on a first page), reading at most `budgetRows` index rows; or
 * undefined when no walk can serve the page (a type of value without a walked index, or a
 * cursor past every resource with the value).
 */
export function sortWalk(
  key: SortKey,
  typeParam: string,
  p: SqlParams,
  cursorValue: string | null | undefined,
  budgetRows: number = WALK_BUDGET,
): SortWalk | undefined {
  const index = walkedIndex(key);
  // Past the resources with the value: only those without it are left.
  if (!index || cursorValue === null) return undefined;
  const desc = key.descending;
  const { column, open } = index;
  const param = p.add(key.param, 'text');
  const budget = p.add(budgetRows, 'bigint');
  const where = `x.resource_type = ${typeParam} AND x.param = ${param}`;
  // On a next page the walk starts at the cursor's value (inclusive: ties are ordered by id,
  // which the page's keyset condition sorts out). An open-end cursor keeps the open rows.
  const fromStart = cursorValue === undefined || cursorValue === open?.text;
  const bound = fromStart ? '' : ` AND x.${column} ${index.fromCursor} ${p.add(cursorValue, index.cast)}`;
  const openRows =
    open && fromStart
      ? `(SELECT x.resource_id, ${open.sql} AS v, 0 AS k FROM sp_date x WHERE ${where} AND x.${column} IS NULL LIMIT ${budget})
       UNION ALL `
      : '';
  const valueRows = `(SELECT x.resource_id, ${index.value(`x.${column}`)} AS v, 1 AS k FROM ${index.table} x
       WHERE ${where}${open ? ` AND x.${column} IS NOT NULL` : ''}${bound} ORDER BY x.${column} ${index.order} LIMIT ${budget})`;
  const dir = desc ? 'DESC' : 'ASC';
  const before = desc ? '>' : '<';
  const stored = (c: string) => (open ? `coalesce(${c}, ${open.sql})` : index.value(c));
  // A next page's walk starts in the middle: a resource may have a walked row there and its
  // best row on an earlier page. It belongs to that page, so it is left out here.
  const sortedEarlier = fromStart
    ? ''
    : `\n   WHERE NOT EXISTS (SELECT 1 FROM ${index.table} y WHERE y.resource_type = ${typeParam} AND y.resource_id = g.resource_id
       AND y.param = ${param} AND ${stored(`y.${column}`)} ${before} g.s)`;
  const from = `(WITH walk AS MATERIALIZED (
     SELECT u.resource_id, u.v FROM (${openRows}${valueRows}) u ORDER BY u.k, u.v ${dir} LIMIT ${budget}),
   edge AS (SELECT CASE WHEN count(*) < ${budget} THEN NULL ELSE ${desc ? 'min' : 'max'}(v) END AS e FROM walk)
   SELECT g.resource_id, g.s, (edge.e IS NULL OR g.s ${before} edge.e) AS past_edge
   FROM (SELECT resource_id, ${desc ? 'max' : 'min'}(v) AS s FROM walk GROUP BY resource_id) g, edge${sortedEarlier}) w`;
  return { from };
}
