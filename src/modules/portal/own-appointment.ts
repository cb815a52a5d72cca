/**
 * The appointment a portal change acts on: read with the patient's repository, so another
 * patient's appointment is a 404 as if it did not exist, and checked against the rules of
 * its service (online, before the cut-off, still booked). Inside the write's transaction it
 * is locked and its version compared, so a change the clinic made meanwhile is not
 * overwritten by a decision taken on what the patient saw before.
 */
import type { Appointment } from '@medplum/fhirtypes';
import { HaleError } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { participantId } from '../scheduling/appointment-parts.ts';
import { readAppointment } from '../scheduling/appointment-reads.ts';
import { onlineChange } from './portal-appointment-view.ts';
import { servicesWithRules, type RuledService } from './portal-reads.ts';

export interface OwnAppointment {
  appointment: Appointment;
  versionId: number;
  service: RuledService;
}

export async function changeableAppointment(
  repo: FhirRepository,
  id: string,
  doing: 'cancel' | 'move',
  now: Date,
): Promise<OwnAppointment> {
  const { appointment, versionId } = await readAppointment(repo, id);
  const serviceId = participantId(appointment, 'HealthcareService');
  const service = serviceId ? (await servicesWithRules(repo, [serviceId])).get(serviceId) : undefined;
  const change = onlineChange(appointment, service?.rules, now, doing);
  if (!change.allowed) {
    const code = change.field === 'status' ? 'conflict' : 'invalid-resource';
    throw new HaleError(code, change.reason, [{ field: change.field, message: change.reason }]);
  }
  return { appointment, versionId, service: service! };
}

/** In the write's transaction: lock the appointment, and refuse when it changed since the patient's read. */
export async function lockUnchanged(tx: FhirRepository, id: string, versionId: number): Promise<void> {
  const current = await tx.readCurrent('Appointment', id, true);
  if (!current || current.deleted || current.versionId !== versionId) {
    throw new HaleError('conflict', 'This appointment was changed by the clinic just now; reload the page to see it.', [
      { field: 'appointment', message: 'was changed meanwhile' },
    ]);
  }
}
