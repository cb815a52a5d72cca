/**
 * A clinician's search that names no patient starts from the clinician's patients
 * (RowScope.candidates, access-scope.ts). As one query, PostgreSQL read the row of every
 * resource of those patients and ran the per-row access check on it (care link, consent,
 * break-glass) before it tested the filters: `Observation?code=&date=&_sort=-date` for a
 * doctor with 141 patients at 10,000 patients read 9,878 Observations and checked each, for
 * 395 matches.
 *
 * Here the matches' ids come first, from the candidate ids and the filters alone (index
 * tables only), and only those rows are read, checked against the scope, sorted and paged
 * (or counted, for `_total`). OFFSET 0 keeps the two steps apart: otherwise the planner may
 * fold them back into one.
 *
 * The ids step tests no column of the row (not `deleted` either), so it needs no row: the
 * page query tests `NOT deleted` and the scope on the matched rows, and the page is the
 * same as the single query's. A filter on the row itself (`_lastUpdated`, `_id`) makes the
 * ids step read `resource` too (its primary key, for the id).
 */
import type { SearchFilter } from './search-request.ts';

/**
 * Token parameters whose values come from a handful of codes, so that one value matches a
 * large share of the hospital's resources of the type (`category=vital-signs`: 554,410 of
 * the Observations at 10,000 patients).
 */
const FEW_VALUED = new Set([
  'status',
  'category',
  'class',
  'intent',
  'gender',
  'clinical-status',
  'verification-status',
  'priority',
  'active',
]);

/**
 * Filters tested by a probe per candidate rather than as a join: the few-valued tokens. As
 * a join, PostgreSQL's default costs (an index probe priced as a random read from disk) led
 * it to read every match across the hospital into a hash first (`category=vital-signs`,
 * 240 ms), where probing a clinician's 9,878 candidates takes about 50. Other filters are
 * left to the planner: for a selective one (a code), reading its matches into a hash is the
 * cheaper way, and it chooses so.
 */
export function probedPerCandidate(f: SearchFilter): boolean {
  return f.table === 'token' && !f.chain && FEW_VALUED.has(f.param);
}

export interface CandidateMatches {
  /** The candidates' SELECT of resource ids (RowScope.candidates); an id may come twice. */
  candidateIds: string;
  /** The filters' conditions over `r` (filter-sql.ts). */
  filters: string[];
  /** True when a filter tests a column of the resource row. */
  readsRow: boolean;
  typeParam: string;
}

/** `FROM` for the page: the ids of the candidates that match the filters, joined to their rows as `r`. */
export function candidateMatchesFromSql(m: CandidateMatches): string {
  const ids = m.readsRow
    ? `SELECT r.id FROM resource r\nWHERE ${[`r.resource_type = ${m.typeParam}`, ...m.filters, `r.id IN (${m.candidateIds})`].join('\n  AND ')}`
    : `SELECT DISTINCT r.id FROM (${m.candidateIds}) r (id)${m.filters.length ? `\nWHERE ${m.filters.join('\n  AND ')}` : ''}`;
  return `(${ids}\nOFFSET 0) d JOIN resource r ON r.resource_type = ${m.typeParam} AND r.id = d.id`;
}
