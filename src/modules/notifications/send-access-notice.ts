/**
 * Delivering one emergency access notice (the worker of access-notice.ts). The notice is a
 * Communication the grant wrote; its recipient says who gets it:
 *
 *   the patient          on the channels the patient agreed to (preferences.ts), at once:
 *                        quiet hours hold appointment messages, not the news that someone
 *                        outside the care team opened the record; in the patient's language
 *                        where Hale has one built in (access-notice-text.ts)
 *   the privacy officer  by email to HALE_PRIVACY_OFFICER_EMAIL
 *
 * Each channel that takes the message gets an outbox row (kind 'emergency-access'); a retry
 * skips the channels an earlier attempt delivered. The Communication ends 'completed' (sent,
 * with where it went) or 'not-done' with the reason: no channel agreed, no address, no
 * privacy officer address configured, or delivery failed on the last attempt. A failed
 * channel fails the job so pg-boss tries again later, as for appointment messages.
 */
import type { Communication, Patient } from '@medplum/fhirtypes';
import { auditRecordBy } from '../../access/security-audit.ts';
import type { NotificationsConfig } from '../../config.ts';
import type { Database, Queryable } from '../../db/types.ts';
import { systemContext } from '../../fhir/acting-context.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import type { StoreGuard } from '../../fhir/store/store-guard.ts';
import type { RunningJob } from '../../jobs/queue.ts';
import { asResource, locationTimeZone, readIfExists } from '../scheduling/store-reads.ts';
import { nameText, officialName } from '../patients/store-reads.ts';
import type { AccessNoticeJobData } from './access-notice.ts';
import type { ChannelSet } from './channels/channels.ts';
import { EMERGENCY_ACCESS_KIND, type Channel } from './notification-terms.ts';
import { mediumOf } from './communication-record.ts';
import { addToOutbox, outboxMessage } from './outbox-store.ts';
import { patientLanguage, preferencesOf } from './preferences.ts';
import { noticeLanguage, patientNoticeText, type AccessFacts } from './access-notice-text.ts';
import { DeliveryFailed, targetsOf } from './send-notification.ts';

export interface AccessNoticeDeps {
  db: Database;
  guard: StoreGuard;
  config: NotificationsConfig;
  channels: ChannelSet;
  /** The web app's public address (HALE_BASE_URL), for the link to the review queue. */
  baseUrl?: string;
}

export type AccessNoticeOutcome = { skipped: string } | { status: 'completed' | 'not-done'; channels: Channel[]; reason?: string };

interface Target {
  channel: Channel;
  address?: string;
  problem?: string;
}

/** The grant whose patient notice this is (the grant keeps its id), with the clinician's name and roles. */
async function grantFacts(db: Queryable, noticeId: string): Promise<Omit<AccessFacts, 'patientName'> | undefined> {
  const r = await db.query<{
    reason: string;
    granted_at: Date | string;
    minutes: number;
    display_name: string | null;
    roles: string[] | null;
  }>(
    `SELECT g.reason, g.granted_at, round(extract(epoch FROM g.expires_at - g.granted_at) / 60)::int AS minutes, u.display_name, u.roles
       FROM hale_break_glass g LEFT JOIN hale_user u ON u.id = g.user_id WHERE g.patient_notice_id = $1`,
    [noticeId],
  );
  const g = r.rows[0];
  if (!g) return undefined;
  return {
    by: g.display_name ?? 'a clinician',
    roles: g.roles ?? [],
    grantedAt: new Date(g.granted_at),
    minutes: g.minutes,
    reason: g.reason,
  };
}

/** The privacy officer's message: the grant's own words, and where to review it. */
function officerMessage(notice: Communication, baseUrl?: string): { subject: string; text: string } {
  const what = notice.payload?.[0]?.contentString ?? 'Emergency access to a record was opened.';
  const review = baseUrl ? `${baseUrl}/admin/break-glass` : 'Administration > Break-glass review';
  return {
    subject: `Emergency access to review (${notice.subject?.reference ?? 'a patient'})`,
    text: `${what}\n\nThe grant waits for your review: ${review}`,
  };
}

/** Channels an earlier attempt of this notice already handed on (sent or held in the outbox). */
async function deliveredChannels(db: Queryable, communicationId: string): Promise<Map<Channel, string>> {
  const r = await db.query<{ channel: Channel; recipient: string; transport: string; provider_id: string | null }>(
    `SELECT channel, recipient, transport, provider_id FROM notification_outbox
      WHERE communication_id = $1 AND status IN ('sent', 'held') ORDER BY created_at`,
    [communicationId],
  );
  return new Map(r.rows.map((x) => [x.channel, `${x.recipient} (${x.transport}${x.provider_id ? `, ${x.provider_id}` : ''})`]));
}

export async function sendAccessNotice(
  deps: AccessNoticeDeps,
  job: RunningJob<AccessNoticeJobData>,
  now = new Date(),
): Promise<AccessNoticeOutcome> {
  const repo = new FhirRepository(deps.db, systemContext('notifications', `job-${job.id}`), deps.guard);
  const notice = await readIfExists<Communication>(repo, 'Communication', job.data.communicationId);
  if (!notice) return { skipped: 'the notice no longer exists' };
  if (notice.status !== 'preparation' && notice.status !== 'in-progress') return { skipped: `the notice is already ${notice.status}` };
  const patientId = notice.subject?.reference?.replace(/^Patient\//, '') ?? '';
  const toPatient = notice.recipient?.some((r) => r.reference === `Patient/${patientId}`) ?? false;

  let targets: Target[];
  let none: string | undefined;
  let language: 'en' | 'de' = 'en';
  let messageOn = (_channel: Channel): { subject?: string; text: string } => officerMessage(notice, deps.baseUrl);
  if (toPatient) {
    const patient = await readIfExists<Patient>(repo, 'Patient', patientId);
    const prefs = patient ? preferencesOf(patient) : undefined;
    const channels = prefs?.channels ?? [];
    targets = patient ? targetsOf(patient, channels) : [];
    const facts = await grantFacts(deps.db, notice.id!);
    language = noticeLanguage(patient && prefs ? patientLanguage(patient, prefs) : undefined);
    const timeZone = patient ? locationTimeZone(patient as { extension?: { url?: string; valueCode?: string }[] }) : undefined;
    const name = patient ? nameText(officialName(patient.name)) || undefined : undefined;
    messageOn = (channel) =>
      facts
        ? patientNoticeText(language, { ...facts, ...(name ? { patientName: name } : {}) }, channel, timeZone)
        : { subject: 'Emergency access to your health record', text: notice.payload?.[0]?.contentString ?? '' };
    if (!patient) none = 'the patient record no longer exists';
    else if (!channels.length) none = 'the patient has agreed to no notification channel; the notice is shown on the patient portal';
  } else {
    const address = deps.config.privacyOfficerEmail;
    targets = address ? [{ channel: 'email', address }] : [];
    if (!address) none = 'no privacy officer address is configured (HALE_PRIVACY_OFFICER_EMAIL); the grant waits in the break-glass review';
  }

  const delivered = await deliveredChannels(deps.db, notice.id!);
  const problems: string[] = [];
  const failures: string[] = [];
  for (const t of targets) {
    if (delivered.has(t.channel)) continue;
    if (!t.address) {
      problems.push(t.problem ?? `no address for ${t.channel}`);
      continue;
    }
    const adapter = deps.channels[t.channel];
    const message = messageOn(t.channel);
    const entry = {
      ...outboxMessage(adapter, t.channel, t.address, message),
      kind: EMERGENCY_ACCESS_KIND,
      language,
      ...(patientId ? { patientId } : {}),
      communicationId: notice.id!,
    } as const;
    try {
      const sent = await adapter.send({ channel: t.channel, to: t.address, ...message });
      await addToOutbox(deps.db, { ...entry, status: sent.status, providerId: sent.providerId });
      delivered.set(t.channel, `${t.address} (${adapter.transport}, ${sent.providerId})`);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      await addToOutbox(deps.db, { ...entry, status: 'failed', error: why });
      failures.push(`${t.channel}: ${why}`);
    }
  }

  const last = job.retryCount >= job.retryLimit;
  const channels = [...delivered.keys()];
  const status = failures.length && !last ? 'in-progress' : channels.length ? 'completed' : 'not-done';
  const reasons = [none, ...problems, ...failures.map((f) => `delivery failed${last ? '' : ' (it will be tried again)'}: ${f}`)].filter(
    (x): x is string => !!x,
  );
  const updated: Communication = {
    ...notice,
    status,
    ...(reasons.length ? { statusReason: { text: reasons.join('; ').slice(0, 1000) } } : {}),
    ...(channels.length
      ? {
          sent: notice.sent ?? now.toISOString(),
          medium: channels.map(mediumOf),
        }
      : {}),
  };
  const notes = [
    ...(notice.note ?? []).filter((n) => !n.text?.startsWith('sent to ')),
    ...(channels.length ? [{ text: `sent to ${[...delivered.values()].join(', ')}` }] : []),
  ];
  if (notes.length) updated.note = notes;
  else delete updated.note;
  await repo.inTransaction(async (tx) => {
    const { stored } = await tx.update('Communication', notice.id!, asResource(updated));
    await tx.guard.audit?.appendInTx(tx.db, [
      auditRecordBy(tx.ctx, 'update', 'success', {
        resourceType: 'Communication',
        resourceId: notice.id!,
        ...(patientId ? { patientIds: [patientId] } : {}),
        detail: { versionId: stored.versionId, job: job.id, kind: EMERGENCY_ACCESS_KIND, channels, status },
      }),
    ]);
  });
  if (status === 'in-progress') throw new DeliveryFailed(`not delivered on ${failures.join('; ')}`);
  return { status, channels, ...(reasons.length ? { reason: reasons.join('; ') } : {}) };
}
