/**
 * Whether a patient may be given an appointment, keep one, or take a waiting-list place. A
 * deceased patient, or a record made inactive (merged into another, registered in error),
 * must not be: the web app's picker shows them disabled, and the API refuses them the same
 * way, so no other client books around it.
 */
import type { Patient } from '@medplum/fhirtypes';
import { isDeceased, mergedInto } from '../patients/store-reads.ts';
import type { FieldErrors } from './field-errors.ts';

/** Why the patient cannot be booked (`is deceased (died ...)`...), or undefined. */
export function unbookableReason(patient: Patient | undefined): { why: string; remedy?: string } | undefined {
  if (!patient) return undefined;
  if (isDeceased(patient)) {
    return { why: `is deceased${patient.deceasedDateTime ? ` (died ${patient.deceasedDateTime.slice(0, 10)})` : ''}` };
  }
  if (patient.active === false) {
    const survivor = mergedInto(patient);
    return survivor
      ? { why: `was merged into Patient/${survivor}`, remedy: 'book that record' }
      : { why: 'is an inactive record', remedy: `reactivate Patient/${patient.id} to book it` };
  }
  return undefined;
}

export function refuseUnbookablePatient(patient: Patient | undefined, field: string, errors: FieldErrors): void {
  const reason = unbookableReason(patient);
  if (reason) errors.add(field, `${reason.why}: ${reason.remedy ?? `Patient/${patient!.id} cannot be booked`}`);
}
