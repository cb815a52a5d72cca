/**
 * The scope a search runs under. A search that names its patients through a compartment
 * parameter (`Condition?patient=X`, `Observation?subject=Patient/X`; Observation's `patient`
 * is not one) is checked once, patient by patient, instead of row by row: when
 * the caller reaches every named patient, every match is inside the scope (each match names
 * one of them, and a row is in scope when one of its patients is), so the search runs as an
 * unscoped one, with the plans that has (ids first, from the patient's reference rows). When
 * any named patient is out of reach the per-row check stays, and decides as before.
 */
import type { Queryable } from '../../db/types.ts';
import { patientsNamedBy, type RowScope } from '../../access/access-scope.ts';
import type { SearchRequest } from '../search/search-request.ts';
import { SqlParams } from '../search/sql-params.ts';

export async function searchScope(db: Queryable, request: SearchRequest, scope: RowScope | undefined): Promise<RowScope | undefined> {
  if (!scope?.patientInScope) return scope;
  const named = patientsNamedBy(request);
  if (!named) return scope;
  const p = new SqlParams();
  const ids = p.add(named, 'text[]');
  const r = await db.query<{ reached: boolean | null }>(
    `SELECT bool_and(${scope.patientInScope(p, 'n.pid')}) AS reached FROM unnest(${ids}) AS n(pid)`,
    p.values,
  );
  return r.rows[0]?.reached === true ? undefined : scope;
}
