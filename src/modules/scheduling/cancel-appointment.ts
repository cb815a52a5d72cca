/**
 * POST /api/v1/appointments/:id/cancel {reason}: status cancelled, the reason in
 * cancelationReason and in the status history. Cancelling frees the time (the store drops
 * the appointment's busy rows in the same write), and a booked appointment still ahead is
 * offered to the practitioner's waitlist, in the same transaction.
 */
import type { Appointment, CodeableConcept, Location } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { participantId } from './appointment-parts.ts';
import { readAppointment, requireStatus } from './appointment-reads.ts';
import { FieldErrors, isObject, text, unknownKeys, type Json } from './field-errors.ts';
import { practitionerSchedules } from './fit-availability.ts';
import { offerFreedSlot, type WaitlistOffer } from './offer-freed-slot.ts';
import { changeBy, withChange } from './status-history.ts';
import { asResource, locationTimeZone, readIfExists } from './store-reads.ts';
import { notifyAppointmentChange } from '../notifications/notify-appointment.ts';

/** The statuses an appointment can be cancelled from (by staff, or by a recorded death). */
export const CANCELLABLE = ['proposed', 'pending', 'booked', 'waitlist'] as const;

export interface CancelResult {
  appointment: Appointment;
  /** The waitlist entry that was offered the freed time, if any. */
  waitlistOffer: WaitlistOffer | null;
}

export async function cancelAppointment(repo: FhirRepository, id: string, body: unknown, now = new Date()): Promise<CancelResult> {
  const errors = new FieldErrors();
  const b: Json = isObject(body) ? body : {};
  unknownKeys(errors, b, '', ['reason']);
  const reason = text(errors, b.reason, 'reason', { required: true, max: 500 });
  errors.throwIfAny('The cancellation');

  const { appointment: current, versionId } = await readAppointment(repo, id);
  requireStatus(current, CANCELLABLE, 'cancelled');
  return repo.inTransaction((tx) => cancelInTransaction(tx, current, versionId, { reason: { text: reason! }, notifyPatient: true }, now));
}

export interface Cancellation {
  /** Appointment.cancelationReason. */
  reason: CodeableConcept;
  /** Send the patient the cancellation message (not when the patient has died). */
  notifyPatient: boolean;
}

/** Cancels an open appointment inside the caller's transaction: the update, its messages and the waitlist offer commit together. */
export async function cancelInTransaction(
  tx: FhirRepository,
  current: Appointment,
  versionId: number,
  c: Cancellation,
  now: Date,
): Promise<CancelResult> {
  const historyReason = c.reason.text ?? c.reason.coding?.[0]?.display ?? 'cancelled';
  const cancelled = withChange(
    { ...current, cancelationReason: c.reason },
    changeBy(tx.ctx, 'cancelled', 'cancelled', now, { reason: historyReason }),
  );

  const practitionerId = participantId(current, 'Practitioner');
  const locationId = participantId(current, 'Location');
  const freed =
    (current.status === 'booked' || current.status === 'pending') &&
    practitionerId &&
    current.start &&
    current.end &&
    Date.parse(current.start) > now.getTime();
  // The zone a waitlist's days are read in: the room's, else the practitioner's schedule's.
  let timeZone = 'UTC';
  if (freed) {
    const location = locationId ? await readIfExists<Location>(tx, 'Location', locationId) : undefined;
    timeZone = locationTimeZone(location) ?? (await practitionerSchedules(tx, practitionerId, locationId))[0]?.timeZone ?? 'UTC';
  }
  const { stored } = await tx.update('Appointment', current.id!, asResource(cancelled), versionId);
  const appointment = JSON.parse(stored.json) as Appointment;
  if (c.notifyPatient) await notifyAppointmentChange(tx, appointment, 'cancelled');
  const waitlistOffer = freed
    ? await offerFreedSlot(
        tx,
        {
          cancelled: appointment,
          practitionerId: practitionerId!,
          ...(locationId ? { locationId } : {}),
          start: new Date(current.start!),
          end: new Date(current.end!),
          timeZone,
        },
        now,
      )
    : undefined;
  return { appointment, waitlistOffer: waitlistOffer ?? null };
}
