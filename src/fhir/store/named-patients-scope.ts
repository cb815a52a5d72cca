/**
 * How a search that names its patients through a compartment
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
import { statementName } from '../../db/statement-name.ts';

/** Named patients checked each with its own condition; more go through one array parameter. */
const MAX_SEPARATE = 4;

/**
 * The check that every patient a search names is within reach, as one SQL boolean that reads
 * no row (`reachedSql`), or undefined when the search names none or the scope is not a
 * per-patient one. The search runs unscoped with it as a gate (search-resources.ts), in the
 * page's own statement: when it fails the page is empty, and `reached` tells the caller to
 * search again with the per-row check.
 */
export interface NamedPatientsCheck {
  reachedSql(p: SqlParams): string;
  reached(db: Queryable): Promise<boolean>;
}

export function namedPatientsCheck(request: SearchRequest, scope: RowScope | undefined): NamedPatientsCheck | undefined {
  if (!scope?.patientInScope) return undefined;
  const inScope = scope.patientInScope;
  const named = patientsNamedBy(request);
  if (!named) return undefined;
  // One condition per patient, each with the id as a plain parameter: the plan is a handful
  // of index probes and PostgreSQL keeps the generic one. Over unnest() of an array it
  // estimated more rows for the generic plan than for each custom one and so planned every
  // call anew, 1.0 ms of planning for 0.1 ms of work (the doctor's search of one patient went
  // from 1,121 to about 350 answers/s). A search naming many patients (rare) takes the array
  // form, so the number of statement shapes stays small.
  const reachedSql = (p: SqlParams) =>
    named.length <= MAX_SEPARATE
      ? `(${named.map((pid) => `(${inScope(p, p.add(pid, 'text'))})`).join(' AND ')})`
      : `COALESCE((SELECT bool_and(${inScope(p, 'n.pid')}) FROM unnest(${p.add(named, 'text[]')}) AS n(pid)), false)`;
  return {
    reachedSql,
    async reached(db) {
      const p = new SqlParams();
      const sql = `SELECT ${reachedSql(p)} AS reached`;
      const name = statementName('hale_named_scope', sql);
      const r = await db.query<{ reached: boolean | null }>(sql, p.values, name ? { name } : undefined);
      return r.rows[0]?.reached === true;
    },
  };
}
