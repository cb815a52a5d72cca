/**
 * Sending one planned message (the worker of the notification job). It re-reads the
 * Appointment first: a message whose appointment was cancelled, moved or is otherwise no
 * longer what was planned is skipped (the job's output says why; nothing is recorded). Then
 * for each channel the patient agreed to (preferences.ts), unless a Communication already
 * says it was delivered (a retry after a partial success, or a restart), it renders the
 * template in the patient's language, hands it to the channel's adapter outside any
 * transaction, and records the outcome: a Communication (completed, or not-done / in-progress
 * with the reason) and an outbox row, together. A failed channel fails the job so pg-boss
 * tries again later; on the last attempt the Communication says not-done.
 */
import type { Appointment, Location, Patient } from '@medplum/fhirtypes';
import type { Logger } from 'pino';
import type { NotificationsConfig } from '../../config.ts';
import type { Database } from '../../db/types.ts';
import { systemContext } from '../../fhir/acting-context.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import type { StoreGuard } from '../../fhir/store/store-guard.ts';
import type { JobDefinition, JobQueue, RunningJob } from '../../jobs/queue.ts';
import { participantId } from '../scheduling/appointment-parts.ts';
import { locationTimeZone, readIfExists } from '../scheduling/store-reads.ts';
import type { ChannelSet } from './channels/channels.ts';
import { recordDelivery, recordedDelivery, type DeliveryRecord } from './communication-record.ts';
import { appointmentCalendar, appointmentFacts, placeholderValues, renderMessage } from './message-content.ts';
import { messageKey, type NotificationJobData } from './notification-job.ts';
import { CHANNEL_NAMES, type Channel } from './notification-terms.ts';
import { quietHoursFor } from './notify-appointment.ts';
import { addToOutbox, outboxMessage } from './outbox-store.ts';
import { patientLanguage, preferencesOf } from './preferences.ts';
import { deliveryTime } from './quiet-hours.ts';
import { resolveTemplate } from './template-store.ts';

export interface SenderDeps {
  db: Database;
  guard: StoreGuard;
  config: NotificationsConfig;
  channels: ChannelSet;
  queue: JobQueue;
  job: JobDefinition<NotificationJobData>;
  logger?: Pick<Logger, 'warn' | 'info'>;
}

export interface ChannelOutcome {
  channel: Channel | 'none';
  status: 'completed' | 'not-done' | 'in-progress';
  reason?: string;
  /** Recorded by an earlier attempt; nothing was sent this time. */
  earlier?: boolean;
}

export type SendOutcome = { skipped: string } | { deferredUntil: string } | { channels: ChannelOutcome[] };

/** A job attempt that left a channel undelivered: pg-boss retries the job. */
export class DeliveryFailed extends Error {}

const MAX_DEFERRALS = 3;

interface Target {
  channel: Channel;
  address?: string;
  /** Why this channel cannot be used (no address, an unusable number). */
  problem?: string;
}

function telecomValues(patient: Patient, systems: string[]): { value: string; use?: string }[] {
  const now = Date.now();
  return (patient.telecom ?? []).flatMap((t) =>
    t.value && systems.includes(t.system ?? '') && t.use !== 'old' && !(t.period?.end && Date.parse(t.period.end) < now)
      ? [{ value: t.value, ...(t.use ? { use: t.use } : {}) }]
      : [],
  );
}

/** Where each agreed channel reaches the patient: email from telecom 'email', SMS and WhatsApp from a mobile phone. */
export function targetsOf(patient: Patient, channels: readonly Channel[]): Target[] {
  const email = telecomValues(patient, ['email'])[0]?.value.trim();
  const phones = telecomValues(patient, ['sms', 'phone']);
  const phone = (phones.find((p) => p.use === 'mobile') ?? phones[0])?.value;
  const e164 = phone?.replace(/[\s().\-/]/g, '').replace(/^00/, '+');
  return channels.map((channel) => {
    if (channel === 'email') return email ? { channel, address: email } : { channel, problem: 'the patient record has no email address' };
    if (!phone) return { channel, problem: `the patient record has no mobile phone number for ${CHANNEL_NAMES[channel]}` };
    if (!/^\+[1-9]\d{6,14}$/.test(e164!))
      return {
        channel,
        problem: `the phone number ${phone} is not in international form (+49 30 ...), which ${CHANNEL_NAMES[channel]} needs`,
      };
    return { channel, address: e164! };
  });
}

/** Why a planned message no longer fits its appointment, if it does not. */
export function staleReason(a: Appointment | undefined, d: NotificationJobData, now: Date): string | undefined {
  if (!a) return 'the appointment no longer exists';
  if (d.kind === 'cancelled') return a.status === 'cancelled' ? undefined : `the appointment is ${a.status}, no longer cancelled`;
  if (!['booked', 'pending'].includes(a.status ?? '')) return `the appointment is ${a.status}`;
  if (!a.start || Date.parse(a.start) !== Date.parse(d.plannedStart)) return 'the appointment has moved since this message was planned';
  if (d.kind === 'reminder' && Date.parse(a.start) <= now.getTime()) return 'the appointment has started';
  return undefined;
}

export async function sendNotification(deps: SenderDeps, job: RunningJob<NotificationJobData>, now = new Date()): Promise<SendOutcome> {
  const d = job.data;
  const repo = new FhirRepository(deps.db, systemContext('notifications', `job-${job.id}`), deps.guard);
  const appointment = await readIfExists<Appointment>(repo, 'Appointment', d.appointmentId);
  const stale = staleReason(appointment, d, now);
  if (stale) return { skipped: stale };
  const a = appointment!;
  const patientId = participantId(a, 'Patient');
  const patient = await readIfExists<Patient>(repo, 'Patient', patientId);
  if (!patient || !patientId) return { skipped: 'the appointment has no patient on record' };

  // Quiet hours again, with the preferences as they are now.
  const start = new Date(a.start!);
  const quiet = await quietHoursFor(repo, patient, a);
  const when = deliveryTime(now, d.kind, start, quiet, now);
  if ('at' in when && when.at.getTime() > now.getTime() + 30_000 && (d.deferrals ?? 0) < MAX_DEFERRALS) {
    await deps.queue.enqueue(deps.job, { ...d, deferrals: (d.deferrals ?? 0) + 1 }, { startAfter: when.at, singletonKey: messageKey(d) });
    return { deferredUntil: when.at.toISOString() };
  }
  const quietSkip = 'skip' in when ? `not sent: ${when.skip}` : undefined;

  const prefs = preferencesOf(patient);
  const language = patientLanguage(patient, prefs);
  const location = await readIfExists<Location>(repo, 'Location', participantId(a, 'Location'));
  const placeZone =
    locationTimeZone(location) ?? locationTimeZone(patient as { extension?: { url?: string; valueCode?: string }[] }) ?? 'UTC';
  const facts = appointmentFacts(a, patient, placeZone);
  const key = messageKey(d);
  const base = { kind: d.kind, patientId, appointmentId: a.id! };
  const record = (r: Omit<DeliveryRecord, 'kind' | 'patientId' | 'appointmentId'>, outbox?: Parameters<typeof addToOutbox>[1]) =>
    repo.inTransaction(async (tx) => {
      const comm = await recordDelivery(tx, { ...base, ...r }, job.id);
      if (outbox) await addToOutbox(tx.db, { ...outbox, communicationId: comm.id! });
    });

  const outcomes: ChannelOutcome[] = [];
  if (!prefs.channels.length) {
    const reason = 'the patient has agreed to no notification channel';
    if (!(await recordedDelivery(repo, `${key}|none`))) await record({ key: `${key}|none`, status: 'not-done', reason });
    return { channels: [{ channel: 'none', status: 'not-done', reason }] };
  }
  const failures: string[] = [];
  const last = job.retryCount >= job.retryLimit;
  for (const t of targetsOf(patient, prefs.channels)) {
    const channelKey = `${key}|${t.channel}`;
    const earlier = await recordedDelivery(repo, channelKey);
    if (earlier && earlier.status !== 'in-progress') {
      outcomes.push({ channel: t.channel, status: earlier.status as ChannelOutcome['status'], earlier: true });
      continue;
    }
    const refused = quietSkip ?? (t.problem ? `not sent: ${t.problem}` : undefined);
    if (refused || !t.address) {
      const reason = refused ?? 'not sent: no address';
      await record({ key: channelKey, status: 'not-done', reason, channel: t.channel });
      outcomes.push({ channel: t.channel, status: 'not-done', reason });
      continue;
    }
    const adapter = deps.channels[t.channel];
    const { template, language: used } = await resolveTemplate(deps.db, d.kind, t.channel, language);
    const message = renderMessage(template, placeholderValues(facts, used));
    const attachment =
      t.channel === 'email'
        ? {
            filename: 'appointment.ics',
            contentType: 'text/calendar',
            content: appointmentCalendar(a, facts, d.kind, {
              from: deps.config.mailFrom,
              to: t.address,
              summary: [facts.service ?? 'Appointment', facts.practitioner].filter(Boolean).join(' – '),
              now,
            }),
          }
        : undefined;
    const outboxBase = {
      ...outboxMessage(adapter, t.channel, t.address, message),
      ...(attachment ? { attachment } : {}),
      kind: d.kind,
      language: used,
      appointmentId: a.id!,
      patientId,
    };
    let sent;
    try {
      sent = await adapter.send({ channel: t.channel, to: t.address, ...message, ...(attachment ? { attachment } : {}) });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      const attempt = job.retryCount + 1;
      const reason = last
        ? `delivery failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${why}`
        : `attempt ${attempt} failed: ${why}; it will be tried again`;
      await record(
        { key: channelKey, status: last ? 'not-done' : 'in-progress', reason, channel: t.channel, ...message },
        { ...outboxBase, status: 'failed', error: why },
      );
      outcomes.push({ channel: t.channel, status: last ? 'not-done' : 'in-progress', reason });
      failures.push(`${t.channel}: ${why}`);
      continue;
    }
    await record(
      {
        key: channelKey,
        status: 'completed',
        channel: t.channel,
        sent: now,
        ...message,
        note: `${sent.status === 'held' ? 'kept in the outbox for' : 'sent to'} ${t.address} (${adapter.transport}${sent.providerId ? `, ${sent.providerId}` : ''})`,
      },
      { ...outboxBase, status: sent.status, providerId: sent.providerId },
    );
    outcomes.push({ channel: t.channel, status: 'completed' });
  }
  if (failures.length) throw new DeliveryFailed(`not delivered on ${failures.join('; ')}`);
  return { channels: outcomes };
}
