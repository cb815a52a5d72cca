/**
 * POST /api/v1/portal/appointments/:id/reschedule {start, reason?}: the patient moves their
 * own appointment (same practitioner, room and service, same length), until the service's
 * cut-off before its current start, to a time the rules allow and the practitioner offers
 * for that service. The scheduling module's reschedule writes it (the same appointment,
 * a history entry with the old times), through the portal's system repository acting for
 * the patient; the audit record is the patient's.
 */
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { participantDisplay, participantId } from '../scheduling/appointment-parts.ts';
import { displayOf } from '../scheduling/fhir-terms.ts';
import { FieldErrors, instant, isObject, text, unknownKeys, type Json } from '../scheduling/field-errors.ts';
import { fitOf } from '../scheduling/fit-availability.ts';
import { rescheduleAppointment } from '../scheduling/reschedule-appointment.ts';
import { changeableAppointment, lockUnchanged } from './own-appointment.ts';
import { portalViews } from './portal-appointments.ts';
import type { PortalAppointment } from './portal-appointment-view.ts';
import { checkStartWindow } from './portal-checks.ts';
import type { PortalCaller } from './portal-context.ts';
import { serviceSchedules } from './portal-reads.ts';
import { RuleRefusals } from './rule-refusals.ts';

/** The history's reason when the patient gives none. */
export const DEFAULT_RESCHEDULE_REASON = 'Moved by the patient in the portal';

export async function portalReschedule(
  repo: FhirRepository,
  sys: FhirRepository,
  caller: PortalCaller,
  id: string,
  body: unknown,
  now = new Date(),
): Promise<PortalAppointment> {
  const errors = new FieldErrors();
  const b: Json = isObject(body) ? body : {};
  unknownKeys(errors, b, '', ['start', 'reason']);
  const start = instant(errors, b.start, 'start', { required: true });
  const reason = text(errors, b.reason, 'reason', { max: 500 });
  errors.throwIfAny('The reschedule');
  const { appointment, versionId, service } = await changeableAppointment(repo, id, 'move', now);

  const practitionerId = participantId(appointment, 'Practitioner');
  const locationId = participantId(appointment, 'Location');
  const schedules = practitionerId
    ? await serviceSchedules(sys, [service.service.id!], { practitionerId, ...(locationId ? { locationId } : {}) })
    : [];
  const refusals = new RuleRefusals();
  checkStartWindow(refusals, service.rules, start!, now, schedules[0]?.timeZone, 'move');
  refusals.throwIfAny();
  const minutes = (Date.parse(appointment.end ?? '') - Date.parse(appointment.start ?? '')) / 60_000 || appointment.minutesDuration || 15;
  if (!fitOf(schedules, start!, new Date(start!.getTime() + minutes * 60_000)).fitting) {
    const who = participantDisplay(appointment, 'Practitioner') ?? 'The practitioner';
    refusals.add(
      'start',
      `${who} is not available for ${displayOf(service.service) ?? 'this service'} at that time; choose one of the free times shown.`,
    );
    refusals.throwIfAny();
  }

  const moved = await sys.inTransaction(async (tx) => {
    await lockUnchanged(tx, id, versionId);
    const updated = await rescheduleAppointment(tx, id, { start: start!.toISOString(), reason: reason ?? DEFAULT_RESCHEDULE_REASON }, now);
    return updated;
  });
  return (await portalViews(repo, sys, [moved], now))[0]!;
}
