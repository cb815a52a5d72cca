/**
 * POST /api/v1/appointments/:id/start: the clinician calls the patient in. One transaction
 * moves the Encounter opened at check-in to in-progress (its statusHistory closed and
 * extended) and the Appointment to checked-in with a history entry ('started'). The
 * reception list shows that as "in consultation".
 *
 * Both writes go through the caller's repository: starting a consultation is clinical work,
 * so the role table decides (doctors and nurses write Encounters; the front desk, which only
 * reads them, gets a 403 and nothing changes). The Encounter is written first, so a role
 * that may not write it stops before the Appointment is touched. Also the Encounter lookup
 * and its helpers that complete-visit.ts shares.
 */
import type { Appointment, Encounter } from '@medplum/fhirtypes';
import { HaleError } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { readAppointment, requireStatus } from './appointment-reads.ts';
import { changeBy, withChange, type StatusAction } from './status-history.ts';
import { asResource, searchAll } from './store-reads.ts';

export interface VisitStep {
  appointment: Appointment;
  encounter: Encounter;
}

/** History actions of a visit's progress, after 'checked-in'. */
export const VISIT_ACTIONS = { started: 'started', completed: 'completed' } as const satisfies Record<string, StatusAction>;

const CLOSED = ['finished', 'cancelled', 'entered-in-error'];

/** The open Encounter that check-in wrote for the appointment (the latest, if there are several), or a 409. */
export async function visitEncounter(repo: FhirRepository, appointmentId: string): Promise<Encounter> {
  const found = await searchAll<Encounter>(repo, 'Encounter', { appointment: `Appointment/${appointmentId}`, _sort: '-_lastUpdated' }, 20);
  const open = found.find((e) => !CLOSED.includes(e.status));
  if (!open) {
    throw new HaleError('conflict', `Appointment/${appointmentId} has no open Encounter: check the patient in first`, [
      { field: 'status', message: 'has no open Encounter from a check-in' },
    ]);
  }
  return open;
}

/** The Encounter in a new status from `at`: the current statusHistory entry and location stay are closed when it ends. */
export function movedEncounter(e: Encounter, status: Encounter['status'], at: string): Encounter {
  const history = (e.statusHistory ?? []).map((h) => (h.period?.end ? h : { ...h, period: { ...h.period, end: at } }));
  const ends = status === 'finished';
  return {
    ...e,
    status,
    statusHistory: [...history, { status, period: ends ? { start: at, end: at } : { start: at } }],
    ...(ends ? { period: { ...e.period, end: at } } : {}),
    ...(ends && e.location
      ? { location: e.location.map((l) => ({ ...l, status: 'completed' as const, period: { ...l.period, end: l.period?.end ?? at } })) }
      : {}),
  };
}

/** Writes the Encounter (caller's repository, If-Match) and then the Appointment, in one transaction. */
export async function writeVisitStep(
  repo: FhirRepository,
  appointment: { resource: Appointment; versionId: number },
  encounter: Encounter,
): Promise<VisitStep> {
  return repo.inTransaction(async (tx) => {
    const enc = await tx.update('Encounter', encounter.id!, asResource(encounter), Number(encounter.meta?.versionId));
    const appt = await tx.update('Appointment', appointment.resource.id!, asResource(appointment.resource), appointment.versionId);
    return { appointment: JSON.parse(appt.stored.json) as Appointment, encounter: JSON.parse(enc.stored.json) as Encounter };
  });
}

export async function startConsultation(repo: FhirRepository, id: string, now = new Date()): Promise<VisitStep> {
  const { appointment: current, versionId } = await readAppointment(repo, id);
  if (current.status === 'checked-in') {
    throw new HaleError('conflict', `Appointment/${id} is already in consultation (checked-in)`, [
      { field: 'status', message: 'is checked-in' },
    ]);
  }
  if (current.status === 'booked' || current.status === 'pending') {
    throw new HaleError('conflict', `Appointment/${id} is ${current.status}: check the patient in before starting`, [
      { field: 'status', message: `is ${current.status}` },
    ]);
  }
  requireStatus(current, ['arrived'], 'started');
  const encounter = await visitEncounter(repo, id);
  const at = now.toISOString();
  const started = withChange(
    current,
    changeBy(repo.ctx, VISIT_ACTIONS.started, 'checked-in', now, { reason: `Encounter/${encounter.id}` }),
  );
  return writeVisitStep(repo, { resource: started, versionId }, movedEncounter(encounter, 'in-progress', at));
}
