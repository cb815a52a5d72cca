/**
 * The job that delivers the notices of an emergency (break-glass) access: one job per
 * notice, a Communication the grant wrote in status 'preparation' (access/break-glass.ts),
 * to the patient or to the privacy officer. The grant's transaction enqueues them here, so a
 * committed grant always has its notices planned; the Communication's id is the job's
 * singleton key, so a notice is one job however often it is planned.
 */
import type { JobDefinition } from '../../jobs/queue.ts';
import { messageJob } from './notification-job.ts';
import type { NotificationsConfig } from '../../config.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
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
