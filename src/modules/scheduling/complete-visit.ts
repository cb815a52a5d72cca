/**
 * POST /api/v1/appointments/:id/complete: the visit is over. One transaction finishes the
 * Encounter of the check-in (status finished, period.end and the room stay ended, its
 * statusHistory closed) and moves the Appointment to fulfilled with a history entry
 * ('completed'). From "in consultation" (checked-in) or straight from arrived, for a visit
 * nobody marked as started. Clinical work like starting: both writes are the caller's, so
 * the role table decides (start-consultation.ts).
 */
import { HaleError } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { readAppointment, requireStatus } from './appointment-reads.ts';
import { changeBy, withChange } from './status-history.ts';
import { VISIT_ACTIONS, movedEncounter, visitEncounter, writeVisitStep, type VisitStep } from './start-consultation.ts';

export async function completeVisit(repo: FhirRepository, id: string, now = new Date()): Promise<VisitStep> {
  const { appointment: current, versionId } = await readAppointment(repo, id);
  if (current.status === 'fulfilled') {
    throw new HaleError('conflict', `Appointment/${id} is already completed (fulfilled)`, [{ field: 'status', message: 'is fulfilled' }]);
  }
  if (current.status === 'booked' || current.status === 'pending') {
    throw new HaleError('conflict', `Appointment/${id} is ${current.status}: check the patient in before completing the visit`, [
      { field: 'status', message: `is ${current.status}` },
    ]);
  }
  requireStatus(current, ['arrived', 'checked-in'], 'completed');
  const encounter = await visitEncounter(repo, id);
  const done = withChange(current, changeBy(repo.ctx, VISIT_ACTIONS.completed, 'fulfilled', now, { reason: `Encounter/${encounter.id}` }));
  return writeVisitStep(repo, { resource: done, versionId }, movedEncounter(encounter, 'finished', now.toISOString()));
}
