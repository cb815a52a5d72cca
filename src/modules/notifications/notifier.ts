/**
 * The running notifications of a server, found from a repository: a server's StoreGuard
 * is the one object every repository of that server carries (requests, transactions,
 * jobs), so the scheduling use cases reach their server's queue through it without new
 * parameters, and two servers in one process (tests) never mix queues. A repository of a
 * process without a running queue (the `hale` command) finds none, and nothing is sent.
 */
import type { Logger } from 'pino';
import type { NotificationsConfig } from '../../config.ts';
import type { StoreGuard } from '../../fhir/store/store-guard.ts';
import type { JobDefinition, JobQueue } from '../../jobs/queue.ts';
import type { NotificationJobData } from './notification-job.ts';
import type { AccessNoticeJobData } from './access-notice.ts';

export interface Notifier {
  queue: JobQueue;
  job: JobDefinition<NotificationJobData>;
  /** Emergency access notices (access-notice.ts). */
  accessNotice: JobDefinition<AccessNoticeJobData>;
  config: NotificationsConfig;
  logger: Pick<Logger, 'warn' | 'info' | 'error'>;
}

const notifiers = new WeakMap<StoreGuard, Notifier>();

export function attachNotifier(guard: StoreGuard, notifier: Notifier): void {
  notifiers.set(guard, notifier);
}

export function detachNotifier(guard: StoreGuard): void {
  notifiers.delete(guard);
}

export function notifierOf(guard: StoreGuard): Notifier | undefined {
  return notifiers.get(guard);
}
