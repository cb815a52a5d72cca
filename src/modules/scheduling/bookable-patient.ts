/**
 * Whether a patient may be given an appointment or a waiting-list place. A deceased
 * patient, or a record made inactive (merged into another, registered in error), must not
 * be booked: the web app's picker shows them disabled, and the API refuses them the same way,
 * so no other client books around it.
 */
import type { Patient } from '@medplum/fhirtypes';
import type { FieldErrors } from './field-errors.ts';

export function refuseUnbookablePatient(patient: Patient | undefined, field: string, errors: FieldErrors): void {
  if (!patient) return;
  const ref = `Patient/${patient.id}`;
  if (patient.deceasedBoolean === true || patient.deceasedDateTime !== undefined) {
    const since = patient.deceasedDateTime ? ` (died ${patient.deceasedDateTime.slice(0, 10)})` : '';
    errors.add(field, `is deceased${since}: ${ref} cannot be booked`);
  } else if (patient.active === false) {
    const survivor = patient.link?.find((l) => l.type === 'replaced-by')?.other?.reference;
    errors.add(field, survivor ? `was merged into ${survivor}: book that record` : `is an inactive record: reactivate ${ref} to book it`);
  }
}
