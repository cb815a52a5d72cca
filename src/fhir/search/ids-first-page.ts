/**
 * Pages in the default order (by id), or sorted by index values, by finding the page's ids
 * first and reading its rows after.
 *
 * As one query, PostgreSQL reads the row of every match (content and all) before it sorts
 * the matches by id and keeps the page: `Encounter?date=<a day>` at 100,000 patients reads
 * a few hundred rows scattered over a table larger than memory, for a page of 20. Asked
 * for ids alone, it answers from the primary key (`resource_type, id`, an index-only scan)
 * whichever way it joins, and only the page's rows are read. The planner keeps its choice
 * between starting from the filter's index (few matches) and walking the ids in order
 * (many matches), which a driver fixed in advance would not.
 *
 * The ids query cannot test `NOT deleted` without reading each row, so it applies only
 * when a filter implies a live resource: a positive match in one of the resource's own
 * index tables (index rows exist only for the current version of live resources, written
 * and removed with each version). Without such a filter, or under an access scope (it
 * reads each candidate's links anyway), the single query stays.
 *
 * A sorted page does the same with each match's sort values (index probes): they are
 * ordered and cut to the page, then the page's rows are read. As one query, PostgreSQL read
 * the row of every match before sorting: 6,081 rows for a page of 20 of a rare code's
 * Observations, when the walk of the sort index (sort-walk.ts) could not fill the page.
 *
 * The ids step starts from `resource`, with each filter a semi-join, except where one
 * filter's index rows can list its rows (idsSourceFilter): a search of named patients'
 * records (`Observation?patient=X&code=..&date=..`) starts from the patients' reference
 * rows, and a sorted page from its only filter's rows. As a semi-join, PostgreSQL probed
 * the primary key for each of the patient's rows (index-only, but one random page each when
 * the table is larger than memory) before testing the other filters.
 */
import { REFERENCE_COLUMNS, TABLE_COLUMNS, conditionSql } from './condition-sql.ts';
import { TABLES, tableName } from './filter-sql.ts';
import type { IndexTable } from './index-rows.ts';
import type { DrivenRange } from './id-ordered-driver.ts';
import type { SearchFilter } from './search-request.ts';
import type { SqlParams } from './sql-params.ts';

/** True when a match of `f` has index rows of its own, so the resource is live. */
function impliesLive(f: SearchFilter): boolean {
  if (f.not || f.missing !== undefined) return false;
  // _id/_lastUpdated test the row itself; _has and _list are rows of other resources.
  return f.table !== 'resource' && f.table !== 'has' && f.table !== 'list';
}

export function canPageIdsFirst(filters: readonly SearchFilter[]): boolean {
  return filters.some(impliesLive);
}

/**
 * The Patients a reference filter names, when each of its values is one (`patient=Patient/X`,
 * `subject=Patient/X,Patient/Y`) and it matches them plainly (no :not, :missing, chain or
 * _has), else undefined.
 */
export function patientIdsNamed(f: SearchFilter): string[] | undefined {
  if (f.table !== 'reference' || !f.conditions.length || f.not || f.missing !== undefined || f.chain || f.has) return undefined;
  const ids: string[] = [];
  for (const c of f.conditions) {
    if (c.kind !== 'reference' || c.targetType !== 'Patient' || c.id === undefined || c.url !== undefined) return undefined;
    ids.push(c.id);
  }
  return ids;
}

/** A filter whose index rows can list the ids step's rows: a positive match in a single-value index table. */
function canSource(f: SearchFilter): f is SearchFilter & { table: IndexTable } {
  return impliesLive(f) && !f.chain && Object.hasOwn(TABLES, f.table);
}

/**
 * The filter whose index rows the ids step starts from, or undefined (it starts from
 * `resource`): one that names patients, or, on a sorted page, a search's only filter.
 * - Beside other filters an arbitrary one could be the least selective (`status=final`),
 *   where the semi-join form lets the planner start from the most selective; a patient's
 *   rows are a short list either way.
 * - In the default order a broad filter (`Encounter?date=ge2000`) is better served by
 *   walking the primary key in id order until the page is full: from the filter's rows,
 *   PostgreSQL sorted all 139,412 of them (1.1 s). A sorted page orders every match anyway.
 * - A condition on the row itself (`_lastUpdated`) needs `resource`.
 */
export function idsSourceFilter(filters: readonly SearchFilter[], sorted: boolean): SearchFilter | undefined {
  if (filters.some((f) => f.table === 'resource')) return undefined;
  const named = filters.find((f) => canSource(f) && patientIdsNamed(f) !== undefined);
  if (named) return named;
  return sorted && filters.length === 1 && canSource(filters[0]!) ? filters[0] : undefined;
}

/** Where the ids step reads its rows `r`: `resource r`, or the distinct ids of `source`'s matches. */
export function idsSourceSql(source: SearchFilter | undefined, typeParam: string, p: SqlParams): string {
  if (!source || !canSource(source)) return 'resource r';
  const cols = source.table === 'reference' ? REFERENCE_COLUMNS : TABLE_COLUMNS;
  const any = source.conditions.map((c) => conditionSql(c, p, cols)).join(' OR ');
  return `(SELECT DISTINCT x.resource_id AS id FROM ${tableName(source.table)} x WHERE x.resource_type = ${typeParam} AND x.param = ${p.add(source.param, 'text')} AND (${any})) r`;
}

/**
 * `FROM` for the page: the page's ids, from `source` (idsSourceSql) under `where` (the
 * filters, no `NOT deleted`) in id order from the cursor on, joined to their rows as `r`.
 */
export function idsFirstFromSql(
  source: string,
  where: string,
  typeParam: string,
  p: SqlParams,
  range: DrivenRange & { limit: number },
): string {
  const bound = range.after ? `\n  AND r.id ${range.after.op} ${p.add(range.after.id, 'text')}` : '';
  const ids = `SELECT r.id FROM ${source}\nWHERE ${where}${bound}\nORDER BY r.id ${range.descending ? 'DESC' : 'ASC'} LIMIT ${p.add(range.limit, 'bigint')}`;
  return `(${ids}) d JOIN resource r ON r.resource_type = ${typeParam} AND r.id = d.id`;
}

/** The parts of a sorted page query that build-sql.ts makes, over `r`. */
export interface SortedPage {
  /** The row columns a page returns. */
  columns: string;
  /** `, <value> AS sort_0, ...`: each sort key's value for row `r`. */
  sortColumns: string;
  sortKeys: number;
  /** The cursor's condition on the sort columns, as `\nWHERE ...`, or ''. */
  keyset: string;
  order: string;
  /** LIMIT (and OFFSET) of the page. */
  limit: string;
}

/**
 * The rows of a sorted page, with their sort values: the ids and sort values of the matches
 * from `source` (idsSourceSql) under `where` (the filters, no `NOT deleted`), ordered and cut
 * to the page, then joined to their rows as `r`.
 */
export function sortedIdsFirstRowsSql(source: string, where: string, typeParam: string, page: SortedPage): string {
  const ids = `SELECT r.id${page.sortColumns} FROM ${source}\nWHERE ${where}`;
  const pageIds = `SELECT r.* FROM (${ids}) r${page.keyset}\nORDER BY ${page.order}\nLIMIT ${page.limit}`;
  const sortValues = Array.from({ length: page.sortKeys }, (_v, n) => `, d.sort_${n}`).join('');
  return `SELECT ${page.columns}${sortValues} FROM (${pageIds}) d
JOIN resource r ON r.resource_type = ${typeParam} AND r.id = d.id\nWHERE NOT r.deleted`;
}
