/**
 * Pages in the default order (by id) driven from one filter's value index.
 *
 * `Condition?code=icd10|J06.9` matches tens of thousands of Conditions in a hospital. As an
 * EXISTS semi-join, PostgreSQL collects every match, fetches each resource row, sorts them
 * all by id and keeps 21. Yet the value index of an exact token or a typed reference ends
 * in `resource_id`: under equality on its leading columns it already lists the matches in
 * id order. Read that way (a DISTINCT over the ordered index scan, joined to `resource`),
 * the page stops after its 21 rows, whatever the number of matches.
 *
 * Only a filter whose index order is the page order can drive: one exact `system|code`
 * (or `|code`) token, or one reference with its target type, without modifiers, and only
 * when it is the search's one filter. Anything else keeps the EXISTS form.
 */
import { conditionSql, REFERENCE_COLUMNS, TABLE_COLUMNS } from './condition-sql.ts';
import type { SearchFilter } from './search-request.ts';
import type { SqlParams } from './sql-params.ts';

/** True when `f`'s index rows, under equality on every leading column, come in resource id order. */
function ordersById(f: SearchFilter): boolean {
  if (f.not || f.missing !== undefined || f.chain || f.has || f.conditions.length !== 1) return false;
  const c = f.conditions[0]!;
  // sp_token_value_idx (resource_type, param, code, system, resource_id)
  if (f.table === 'token') return c.kind === 'token' && c.code !== undefined && c.system !== undefined;
  // sp_reference_target_idx (resource_type, param, target_id, target_type, resource_id)
  if (f.table === 'reference') return c.kind === 'reference' && c.url === undefined && c.id !== undefined && c.targetType !== undefined;
  return false;
}

/**
 * The filter to drive the page from, or undefined. Only a search's sole filter drives: beside
 * others, a common code would be read in full where the planner, given the EXISTS form,
 * starts from the most selective filter (a patient's few hundred rows) instead.
 */
export function pickIdOrderedDriver(filters: readonly SearchFilter[]): SearchFilter | undefined {
  return filters.length === 1 && ordersById(filters[0]!) ? filters[0] : undefined;
}

/** Where a page's ids start and how many it may need (see drivenIdsSql). */
export interface DrivenRange {
  /** One side of a paging cursor: bounds the index scan itself. */
  after?: { op: '<' | '>'; id: string };
  descending?: boolean;
  /**
   * Ids to read at most, when every driven id is a match (no access scope drops any): then
   * the scan stops there. Without it PostgreSQL plans the DISTINCT for every match, and for
   * a common code picked a parallel scan whose workers cost more than the page (3.7 ms
   * instead of 0.4).
   */
  limit?: number;
}

/** The driver's distinct resource ids, in id order. */
export function drivenIdsSql(driver: SearchFilter, typeParam: string, p: SqlParams, range: DrivenRange = {}): string {
  const table = driver.table === 'token' ? 'sp_token' : 'sp_reference';
  const cols = driver.table === 'reference' ? REFERENCE_COLUMNS : TABLE_COLUMNS;
  const bound = range.after ? ` AND x.resource_id ${range.after.op} ${p.add(range.after.id, 'text')}` : '';
  const limit =
    range.limit !== undefined ? ` ORDER BY x.resource_id ${range.descending ? 'DESC' : 'ASC'} LIMIT ${p.add(range.limit, 'bigint')}` : '';
  return `SELECT DISTINCT x.resource_id FROM ${table} x WHERE x.resource_type = ${typeParam} AND x.param = ${p.add(driver.param, 'text')} AND ${conditionSql(driver.conditions[0]!, p, cols)}${bound}${limit}`;
}

/** `FROM` for the page: the driven ids joined to their rows as `r` (the cursor's bound stays on `r.id` outside too). */
export function idOrderedFromSql(driver: SearchFilter, typeParam: string, p: SqlParams, range: DrivenRange = {}): string {
  return `(${drivenIdsSql(driver, typeParam, p, range)}) d JOIN resource r ON r.resource_type = ${typeParam} AND r.id = d.resource_id`;
}
