/**
 * The patients a resource belongs to, kept on its own row (`resource.patient_ids`, migration
 * 0022): the Patient references of its Patient-compartment parameters, and a Patient's own
 * id. Every access check reads them there. Reading them from the reference index instead
 * took three index probes per row (is there a patient, is one of them reachable, which are
 * they), and their executor set-up alone made a clinician's read by id cost the database
 * about three times a plain read of the row.
 *
 * Derived from the same index rows a write stores in sp_reference, with them (write-statement.ts,
 * reindex.ts), so they change exactly when the resource's references do.
 */
import type { ReferenceRow } from '../fhir/search/index-rows.ts';
import { patientCompartmentParams } from './compartment.ts';

/** A Patient's own id first, then the others in code point order (as the migration orders them with COLLATE "C"). */
export function rowPatientIds(resourceType: string, id: string, references: readonly ReferenceRow[]): string[] {
  const params = patientCompartmentParams(resourceType);
  const ids = new Set<string>();
  for (const r of references) if (r.targetType === 'Patient' && r.targetId && params.includes(r.param)) ids.add(r.targetId);
  if (resourceType !== 'Patient') return [...ids].sort(codePointOrder);
  ids.delete(id);
  return [id, ...[...ids].sort(codePointOrder)];
}

function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A PostgreSQL array literal of text values, every element quoted: one element of a text[] parameter that SQL casts to text[]. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
