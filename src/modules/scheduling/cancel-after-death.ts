/**
 * When a death is recorded, the patient's open appointments from the time of death on and
 * their waiting-list places are cancelled in the same transaction as the record, with the
 * FHIR cancellation reason "Patient: Deceased" (pat-dec). The patient is sent nothing: no
 * cancellation message is planned, and the reminders already planned find the appointment
 * cancelled and skip. Practitioners see the cancellation and its reason on their schedules,
 * and a freed time still ahead goes to their waiting lists as any cancelled time does.
 *
 * Appointments before the death are history and stay as they are; an open one between the
 * death and now is cancelled too (it would otherwise be marked a no-show).
 */
import type { Appointment, CodeableConcept } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { dateRange } from '../../fhir/search/date-range.ts';
import { CANCELLABLE, cancelInTransaction } from './cancel-appointment.ts';
import { searchAll } from './store-reads.ts';

export const DECEASED_CANCELLATION: CodeableConcept = {
  coding: [
    { system: 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason', code: 'pat-dec', display: 'Patient: Deceased' },
  ],
  text: 'Patient deceased',
};

/** Cancels what is open for the patient after the death, inside the caller's transaction; returns the cancelled appointments. */
export async function cancelAfterDeath(tx: FhirRepository, patientId: string, deceasedDateTime: string, now: Date): Promise<Appointment[]> {
  // A date alone counts from the start of that day (UTC), as a search on it would.
  const from = Date.parse(dateRange(deceasedDateTime)!.low);
  const open = await searchAll<Appointment>(tx, 'Appointment', { patient: `Patient/${patientId}`, status: CANCELLABLE.join(',') });
  const due = open
    .filter((a) => a.status === 'waitlist' || (a.start !== undefined && Date.parse(a.start) >= from))
    // Waiting-list places first, so that none of the times freed next is offered to this patient.
    .sort((a, b) => Number(b.status === 'waitlist') - Number(a.status === 'waitlist') || (a.start ?? '').localeCompare(b.start ?? ''));
  const cancelled: Appointment[] = [];
  for (const a of due) {
    const r = await cancelInTransaction(tx, a, Number(a.meta!.versionId), { reason: DECEASED_CANCELLATION, notifyPatient: false }, now);
    cancelled.push(r.appointment);
  }
  return cancelled;
}
