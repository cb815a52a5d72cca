/**
 * Which search pages may run as prepared statements. Pages are planned with their values by
 * default (search-resources.ts): after five executions PostgreSQL may switch a prepared
 * statement to a generic plan, and for filters whose selectivity depends on the value (a
 * code, a date range) that plan ran into the statement timeout at 100,000 patients.
 *
 * A page whose every filter names patients by id (`Condition?patient=X`,
 * `Observation?subject=Patient/X,Patient/Y`), unsorted and unscoped, has one plan whatever
 * the values: the ids step reads those patients' reference rows from their index
 * (ids-first-page.ts), a short list for any patient. These are the chart's lists (problems,
 * allergies, medications, all of a patient's results), among the commonest searches, and
 * planning was a third of their time (0.4 ms of 1.3 ms for a doctor's page with its audit
 * record).
 */
import { statementName } from '../../db/statement-name.ts';
import { patientIdsNamed } from '../search/ids-first-page.ts';
import type { SearchRequest } from '../search/search-request.ts';

export function pagesPreparable(request: SearchRequest, scoped: boolean): boolean {
  if (scoped || request.sort.length > 0 || request.filters.length === 0) return false;
  return request.filters.every((f) => patientIdsNamed(f) !== undefined);
}

/** The query options that prepare a page's statement, when its search's pages may be prepared. */
export function pageStatement(preparable: boolean, sql: string): { name: string } | undefined {
  const name = preparable ? statementName('hale_page', sql) : undefined;
  return name ? { name } : undefined;
}
