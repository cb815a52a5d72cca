/**
 * POST /api/v1/appointments/:id/reschedule {start, end? | durationMinutes?, reason, overbook?}:
 * the same Appointment moves to the new time (its length kept unless told), with a history
 * entry holding the old times and the reason. The new time must fit the practitioner's
 * availability, and the double-booking guard checks it as for a booking. An earlier
 * overbook override does not carry over: a reschedule that needs one says so again.
 */
import type { Appointment, Patient } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { asResource, readIfExists } from './store-reads.ts';
import { unbookableReason } from './bookable-patient.ts';
import { readAppointment, requireStatus } from './appointment-reads.ts';
import { participantDisplay, participantId, withoutOverbook } from './appointment-parts.ts';
import { explainConflict } from './busy-conflict.ts';
import { FieldErrors, isObject, text, unknownKeys, type Json } from './field-errors.ts';
import { fitOf, outsideAvailability, practitionerSchedules } from './fit-availability.ts';
import { auditOverbook, overbookExtension } from './overbook.ts';
import { changeBy, withChange } from './status-history.ts';
import { overbookOf, timesOf } from './validate-booking.ts';
import { utcIso } from './zoned-time.ts';
import { notifyAppointmentChange } from '../notifications/notify-appointment.ts';

export async function rescheduleAppointment(repo: FhirRepository, id: string, body: unknown, now = new Date()): Promise<Appointment> {
  const errors = new FieldErrors();
  const b: Json = isObject(body) ? body : {};
  unknownKeys(errors, b, '', ['start', 'end', 'durationMinutes', 'reason', 'overbook']);
  const times = timesOf(errors, b);
  const reason = text(errors, b.reason, 'reason', { required: true, max: 500 });
  const overbook = overbookOf(errors, b.overbook);
  errors.throwIfAny('The reschedule');

  const { appointment: current, versionId } = await readAppointment(repo, id);
  requireStatus(current, ['booked', 'pending'], 'rescheduled');
  const start = times.start!;
  const oldMinutes =
    current.start && current.end ? (Date.parse(current.end) - Date.parse(current.start)) / 60_000 : (current.minutesDuration ?? 15);
  const end = times.end ?? new Date(start.getTime() + (times.durationMinutes ?? oldMinutes) * 60_000);
  const practitionerId = participantId(current, 'Practitioner');
  const locationId = participantId(current, 'Location');
  const patientId = participantId(current, 'Patient');
  // A patient who died or whose record was closed since the booking keeps no appointment to move.
  const unbookable = patientId ? unbookableReason(await readIfExists<Patient>(repo, 'Patient', patientId)) : undefined;
  if (unbookable) {
    const refused = new FieldErrors();
    refused.add('appointment', `Patient/${patientId} ${unbookable.why}: the appointment cannot be moved; cancel it instead`);
    refused.throwIfAny('The reschedule');
  }
  const schedules = practitionerId ? await practitionerSchedules(repo, practitionerId, locationId) : [];
  const fit = fitOf(schedules, start, end);
  if (!fit.fitting && !overbook) {
    throw outsideAvailability(
      fit,
      participantDisplay(current, 'Practitioner') ?? `Practitioner/${practitionerId}`,
      participantDisplay(current, 'Location'),
      start,
    );
  }

  const moved: Appointment = {
    ...withoutOverbook(current),
    start: utcIso(start),
    end: utcIso(end),
    minutesDuration: Math.round((end.getTime() - start.getTime()) / 60_000),
  };
  if (overbook) moved.extension = [overbookExtension(overbook.reason, repo.ctx.userId, now), ...(moved.extension ?? [])];
  const updated = withChange(
    moved,
    changeBy(repo.ctx, 'rescheduled', current.status!, now, {
      reason,
      ...(current.start ? { previousStart: current.start } : {}),
      ...(current.end ? { previousEnd: current.end } : {}),
    }),
  );
  try {
    return await repo.inTransaction(async (tx) => {
      const { stored } = await tx.update('Appointment', id, asResource(updated), versionId);
      if (overbook && patientId) {
        await auditOverbook(tx, id, patientId, {
          reason: overbook.reason,
          practitioner: `Practitioner/${practitionerId}`,
          start: updated.start!,
          end: updated.end!,
          what: 'reschedule',
        });
      }
      const moved = JSON.parse(stored.json) as Appointment;
      await notifyAppointmentChange(tx, moved, 'rescheduled');
      return moved;
    });
  } catch (err) {
    const parties = (current.participant ?? []).flatMap((p) => {
      const r = p.actor?.reference;
      const type = r?.split('/')[0];
      const field =
        type === 'Patient' ? 'patientId' : type === 'Practitioner' ? 'practitionerId' : type === 'Location' ? 'locationId' : undefined;
      return r && field ? [{ ref: r, ...(p.actor?.display ? { display: p.actor.display } : {}), field }] : [];
    });
    throw explainConflict(err, parties, fit.fitting?.timeZone ?? schedules[0]?.timeZone);
  }
}
