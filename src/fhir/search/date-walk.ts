/**
 * A page sorted by one date parameter, tried first by walking that date's index in sort
 * order instead of computing the sort value of every match.
 *
 * The usual page query (build-sql.ts) computes each match's sort value (its largest date
 * for `-date`, its smallest for `date`) and keeps the best `count + 1`. That costs one
 * index probe per match: `Observation?code=8867-4&_sort=-date` across a hospital matches
 * tens of thousands of Observations and took half a second at 2,000 patients, growing with
 * the hospital.
 *
 * The walk reads the first WALK_BUDGET rows of `sp_date (resource_type, param, low|high)`
 * in sort order (from the cursor's position on a `next` page), takes each resource's best
 * value among them, and applies the page's filters and scope to those resources only. Every
 * resource whose sort value lies strictly before the last walked value (the edge) has its
 * best row among the walked rows, so it is among the candidates with its true value. The
 * page is therefore exact when its extra row (the `count + 1`-th) lies strictly before the
 * edge, or when the walk read every row. Otherwise (rare matches, or ties at the edge) the
 * caller runs the usual query: the walk costs at most WALK_BUDGET index rows and probes.
 *
 * Sort values follow build-sql.ts: an open start sorts first (`-infinity`), an open end
 * last (`infinity`), a resource without the date after every dated one. A missing low or
 * high is NULL in sp_date, so the walk reads those rows first, then the dated ones.
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

export interface DateWalk {
  /** A FROM item (alias `w`) with `resource_id`, `s` (the sort value) and `past_edge`. */
  from: string;
}

/**
 * The walk for a one-key date sort, starting after `cursorValue` (the last row's sort value
 * on a `next` page; undefined on a first page), reading at most `budgetRows` index rows; or
 * undefined when a walk cannot serve the page (the cursor is past every dated resource).
 */
export function dateWalk(
  key: SortKey,
  typeParam: string,
  p: SqlParams,
  cursorValue: string | null | undefined,
  budgetRows: number = WALK_BUDGET,
): DateWalk | undefined {
  if (key.table !== 'date') return undefined;
  // Past the dated resources: only resources without the date are left.
  if (cursorValue === null) return undefined;
  const desc = key.descending;
  const column = desc ? 'high' : 'low';
  // The value an open end stands for, which sorts before every date in this direction.
  const open = desc ? "'infinity'::timestamptz" : "'-infinity'::timestamptz";
  const param = p.add(key.param, 'text');
  const budget = p.add(budgetRows, 'bigint');
  const where = `x.resource_type = ${typeParam} AND x.param = ${param}`;
  // On a next page the walk starts at the cursor's value (inclusive: ties are ordered by id,
  // which the page's keyset condition sorts out). An open-end cursor keeps the open rows.
  const fromOpen = cursorValue === undefined || cursorValue === (desc ? 'infinity' : '-infinity');
  const bound = fromOpen ? '' : ` AND x.${column} ${desc ? '<=' : '>='} ${p.add(cursorValue, 'timestamptz')}`;
  const openRows = fromOpen
    ? `(SELECT x.resource_id, ${open} AS v, 0 AS k FROM sp_date x WHERE ${where} AND x.${column} IS NULL LIMIT ${budget})
       UNION ALL `
    : '';
  const datedRows = `(SELECT x.resource_id, x.${column} AS v, 1 AS k FROM sp_date x
       WHERE ${where} AND x.${column} IS NOT NULL${bound} ORDER BY x.${column} ${desc ? 'DESC' : 'ASC'} LIMIT ${budget})`;
  const best = desc ? 'max' : 'min';
  const before = desc ? '>' : '<';
  // A next page's walk starts in the middle: a resource may have a walked row there and its
  // best row on an earlier page. It belongs to that page, so it is left out here.
  const sortedEarlier = fromOpen
    ? ''
    : `\n   WHERE NOT EXISTS (SELECT 1 FROM sp_date y WHERE y.resource_type = ${typeParam} AND y.resource_id = g.resource_id
       AND y.param = ${param} AND coalesce(y.${column}, ${open}) ${before} g.s)`;
  const from = `(WITH walk AS MATERIALIZED (
     SELECT u.resource_id, u.v FROM (${openRows}${datedRows}) u ORDER BY u.k, u.v ${desc ? 'DESC' : 'ASC'} LIMIT ${budget}),
   edge AS (SELECT CASE WHEN count(*) < ${budget} THEN NULL ELSE ${desc ? 'min' : 'max'}(v) END AS e FROM walk)
   SELECT g.resource_id, g.s, (edge.e IS NULL OR g.s ${before} edge.e) AS past_edge
   FROM (SELECT resource_id, ${best}(v) AS s FROM walk GROUP BY resource_id) g, edge${sortedEarlier}) w`;
  return { from };
}
