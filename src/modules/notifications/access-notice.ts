/**
 * The job that delivers the notices of an emergency (break-glass) access: one job per
 * notice, a Communication the grant wrote in status 'preparation' (access/break-glass.ts),
 * to the patient or to the privacy officer. The grant's transaction enqueues them here, so a
 * committed grant always has its notices planned; the Communication's id is the job's
 * singleton key, so a notice is one job however often it is planned. Also what the break-glass
 * review shows of each patient notice (accessNoticeStates).
 */
import type { JobDefinition } from '../../jobs/queue.ts';
import { messageJob } from './notification-job.ts';
import type { NotificationsConfig } from '../../config.ts';
import type { Communication } from '@medplum/fhirtypes';
import { FhirRepository } from '../../fhir/store/repository.ts';
import { systemContext } from '../../fhir/acting-context.ts';
import type { AccessNoticeStates, PatientNoticeState } from '../../access/break-glass.ts';
import { CHANNEL_SYSTEM } from './notification-terms.ts';
import { notifierOf } from './notifier.ts';

export interface AccessNoticeJobData {
  communicationId: string;
}

export const ACCESS_NOTICE_JOB_NAME = 'notification.access-notice';

export function accessNoticeJob(config: Pick<NotificationsConfig, 'retryLimit' | 'retryDelaySeconds'>): JobDefinition<AccessNoticeJobData> {
  return messageJob<AccessNoticeJobData>(ACCESS_NOTICE_JOB_NAME, config);
}

/**
 * Plans the delivery of notices inside the caller's transaction. A process without a running
 * queue (the `hale` command) plans nothing: the notices stay in 'preparation', where the
 * portal and the review queue still show them.
 */
export async function queueAccessNotices(tx: FhirRepository, communicationIds: string[]): Promise<void> {
  const notifier = notifierOf(tx.guard);
  if (!notifier) return;
  for (const communicationId of communicationIds)
    await notifier.queue.enqueue(notifier.accessNotice, { communicationId }, { tx: tx.db, singletonKey: communicationId });
}

/**
 * The break-glass review's view of many patient notices at once (one search by id), keyed by
 * the Communication id: their status, the channels they went out by, and those where the
 * message only sits in the outbox (the development transport: it never reached the patient).
 */
export const accessNoticeStates: AccessNoticeStates = async (db, guard, ids) => {
  const states = new Map<string, PatientNoticeState>();
  if (!ids.length) return states;
  const repo = new FhirRepository(db, systemContext('break-glass-review'), guard);
  const found = await repo.search('Communication', new URLSearchParams({ _id: ids.join(','), _count: String(ids.length) }), false);
  const heldRows = await db.query<{ communication_id: string; channel: string }>(
    "SELECT DISTINCT communication_id, channel FROM notification_outbox WHERE communication_id = ANY($1::text[]) AND status = 'held'",
    [ids],
  );
  const heldBy = new Map<string, string[]>();
  for (const r of heldRows.rows) heldBy.set(r.communication_id, [...(heldBy.get(r.communication_id) ?? []), r.channel]);
  for (const m of found.matches) {
    const c = JSON.parse(m.json) as Communication;
    const channels = (c.medium ?? []).flatMap((x) => x.coding?.filter((k) => k.system === CHANNEL_SYSTEM).map((k) => k.code!) ?? []);
    const held = heldBy.get(m.id) ?? [];
    states.set(m.id, {
      status: c.status ?? 'unknown',
      channels: channels.filter((ch) => !held.includes(ch)),
      held: channels.filter((ch) => held.includes(ch)),
      ...(c.sent ? { sent: c.sent } : {}),
      ...(c.statusReason?.text ? { reason: c.statusReason.text } : {}),
    });
  }
  return states;
};
