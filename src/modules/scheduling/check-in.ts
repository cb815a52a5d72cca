/**
 * POST /api/v1/appointments/:id/check-in: the patient has arrived. One transaction writes the
 * Encounter (status arrived, linked by Encounter.appointment, with the patient, the
 * practitioner and the room) and moves the Appointment to arrived with a history entry.
 * The caller must be allowed to change the Appointment (reception, clinicians). The Encounter
 * is then opened by a named system repository in the same transaction: checking a patient in
 * is the front desk's work, but the role table does not give receptionists Encounters to
 * write in general (an Encounter carries clinical fields). Both writes are audited under the
 * caller's account and request id; the Encounter's record names the check-in step.
 */
import type { Appointment, Encounter } from '@medplum/fhirtypes';
import { HaleError } from '../../errors.ts';
import { newResourceId } from '../../fhir/store/new-resource-id.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import { systemContextFor } from '../../fhir/acting-context.ts';
import { asResource } from './store-reads.ts';
import { participantId } from './appointment-parts.ts';
import { readAppointment, requireStatus } from './appointment-reads.ts';
import { PRIMARY_PERFORMER, appointmentTypeOf, encounterClass } from './fhir-terms.ts';
import { changeBy, withChange } from './status-history.ts';

export interface CheckInResult {
  appointment: Appointment;
  encounter: Encounter;
}

export async function checkIn(repo: FhirRepository, id: string, now = new Date()): Promise<CheckInResult> {
  const { appointment: current, versionId } = await readAppointment(repo, id);
  if (current.status === 'arrived' || current.status === 'checked-in') {
    throw new HaleError('conflict', `Appointment/${id} is already checked in (${current.status})`, [
      { field: 'status', message: `is ${current.status}` },
    ]);
  }
  requireStatus(current, ['booked', 'pending'], 'checked in');
  const patientId = participantId(current, 'Patient');
  if (!patientId) {
    throw new HaleError('invalid-resource', `Appointment/${id} names no patient to check in`, [
      { field: 'participant', message: 'has no Patient' },
    ]);
  }
  const actor = (type: string): { reference: string; display?: string } | undefined => {
    const a = current.participant?.find((p) => p.actor?.reference?.startsWith(`${type}/`))?.actor;
    return a?.reference ? { reference: a.reference, ...(a.display ? { display: a.display } : {}) } : undefined;
  };
  const practitioner = actor('Practitioner');
  const location = actor('Location');
  const at = now.toISOString();
  const encounter: Encounter = {
    resourceType: 'Encounter',
    status: 'arrived',
    statusHistory: [{ status: 'arrived', period: { start: at } }],
    class: encounterClass(appointmentTypeOf(current)),
    ...(current.appointmentType ? { type: [current.appointmentType] } : {}),
    ...(current.serviceType?.[0] ? { serviceType: current.serviceType[0] } : {}),
    subject: actor('Patient')!,
    ...(practitioner ? { participant: [{ type: [PRIMARY_PERFORMER], individual: practitioner }] } : {}),
    appointment: [{ reference: `Appointment/${id}` }],
    period: { start: at },
    ...(current.reasonCode ? { reasonCode: current.reasonCode } : {}),
    ...(location ? { location: [{ location, status: 'active', period: { start: at } }] } : {}),
  };
  const encounterId = newResourceId();
  return repo.inTransaction(async (tx) => {
    // The caller's own write first: a role that may not change appointments stops here, before anything is opened.
    const arrived = withChange(current, changeBy(tx.ctx, 'checked-in', 'arrived', now, { reason: `Encounter/${encounterId}` }));
    const { stored } = await tx.update('Appointment', id, asResource(arrived), versionId);
    const frontDesk = new FhirRepository(tx.db, systemContextFor('check-in', tx.ctx), tx.guard);
    const written = await frontDesk.create(asResource(encounter), 'POST', encounterId);
    return { appointment: JSON.parse(stored.json) as Appointment, encounter: JSON.parse(written.stored.json) as Encounter };
  });
}
