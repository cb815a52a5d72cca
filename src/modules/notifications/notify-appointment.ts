/**
 * The hook the scheduling use cases call after booking, moving or cancelling, inside their
 * transaction: it plans the messages as jobs in that same transaction, so the change and
 * its messages commit together (or neither does).
 *
 *   booked       a confirmation now, and a reminder at start - offset for each offset still ahead
 *   rescheduled  a "moved" message now, and new reminders (the old ones find the start changed and skip)
 *   cancelled    a cancellation now (pending reminders find the appointment cancelled and skip)
 *
 * Each time goes through the patient's quiet hours (quiet-hours.ts). Appointments that have
 * already started get nothing. Planning runs in a savepoint: if it fails, the booking still
 * stands and the failure is logged.
 */
import type { Appointment, Extension, Location, Patient } from '@medplum/fhirtypes';
import { systemContext } from '../../fhir/acting-context.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import { participantId } from '../scheduling/appointment-parts.ts';
import { STATUS_HISTORY_EXTENSION } from '../scheduling/fhir-terms.ts';
import { locationTimeZone, readIfExists } from '../scheduling/store-reads.ts';
import { utcIso } from '../scheduling/zoned-time.ts';
import { messageKey, type NotificationJobData } from './notification-job.ts';
import type { AppointmentChange, MessageKind } from './notification-terms.ts';
import { notifierOf, type Notifier } from './notifier.ts';
import { preferencesOf } from './preferences.ts';
import { deliveryTime, type ZonedQuietHours } from './quiet-hours.ts';

const ACTIVE = ['booked', 'pending'];

/** The status an appointment had before its last history entry (undefined without history). */
function statusBefore(a: Appointment): string | undefined {
  const entries = (a.extension ?? []).filter((e) => e.url === STATUS_HISTORY_EXTENSION);
  const prev: Extension | undefined = entries[entries.length - 2];
  return prev?.extension?.find((x) => x.url === 'status')?.valueCode;
}

/** The quiet hours that apply to a patient, in the patient's zone, else the appointment place's, else UTC. */
export async function quietHoursFor(
  repo: FhirRepository,
  patient: Patient,
  appointment: Appointment,
): Promise<ZonedQuietHours | undefined> {
  const prefs = preferencesOf(patient);
  if (!prefs.quietHours) return undefined;
  const own = locationTimeZone(patient as { extension?: { url?: string; valueCode?: string }[] });
  const timeZone = own ?? locationTimeZone(await readIfExists<Location>(repo, 'Location', participantId(appointment, 'Location'))) ?? 'UTC';
  return { ...prefs.quietHours, timeZone };
}

export async function notifyAppointmentChange(tx: FhirRepository, appointment: Appointment, change: AppointmentChange): Promise<void> {
  const notifier = notifierOf(tx.guard);
  if (!notifier) return;
  try {
    await tx.db.transaction((sp) =>
      planMessages(new FhirRepository(sp, systemContext('notifications', tx.ctx.requestId), tx.guard), notifier, appointment, change),
    );
  } catch (err) {
    notifier.logger.warn(
      { err, appointment: appointment.id, change },
      'appointment messages could not be planned; the appointment change itself is saved',
    );
  }
}

async function planMessages(repo: FhirRepository, n: Notifier, appointment: Appointment, change: AppointmentChange): Promise<void> {
  const now = new Date();
  const patientId = participantId(appointment, 'Patient');
  if (!appointment.id || !patientId || !appointment.start) return;
  const start = new Date(appointment.start);
  if (start.getTime() <= now.getTime()) return;
  if (change === 'cancelled') {
    const before = statusBefore(appointment);
    if (appointment.status !== 'cancelled' || (before !== undefined && !ACTIVE.includes(before))) return;
  } else if (!ACTIVE.includes(appointment.status ?? '')) return;

  const patient = await readIfExists<Patient>(repo, 'Patient', patientId);
  const quiet = patient ? await quietHoursFor(repo, patient, appointment) : undefined;
  const plannedStart = utcIso(start);
  const base = { appointmentId: appointment.id, plannedStart };
  const send = async (data: NotificationJobData, at: Date) =>
    n.queue.enqueue(n.job, data, {
      tx: repo.db,
      singletonKey: messageKey(data),
      ...(at.getTime() > now.getTime() ? { startAfter: at } : {}),
    });

  const kind: MessageKind = change === 'booked' ? 'confirmation' : change;
  const event = deliveryTime(now, kind, start, quiet, now);
  if ('at' in event) await send({ ...base, kind, version: appointment.meta?.versionId ?? '1' }, event.at);
  if (change === 'cancelled') return;
  for (const offsetMinutes of n.config.reminderOffsetsMinutes) {
    const due = new Date(start.getTime() - offsetMinutes * 60_000);
    if (due.getTime() <= now.getTime()) continue;
    const plan = deliveryTime(due, 'reminder', start, quiet, now);
    // A reminder that only quiet hours could hold is not planned; at send time the same rule applies again.
    if ('at' in plan) await send({ ...base, kind: 'reminder', offsetMinutes }, plan.at);
  }
}
