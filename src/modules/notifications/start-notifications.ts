/**
 * Starting the notifications with the server (src/server.ts, after the migrations and the
 * job queue): the notification job's queue, the channel adapters from the configuration,
 * the worker (on servers that run jobs), and the hook's link from this server's
 * repositories to its queue.
 */
import type { Logger } from 'pino';
import type { NotificationsConfig } from '../../config.ts';
import type { Database } from '../../db/types.ts';
import type { StoreGuard } from '../../fhir/store/store-guard.ts';
import type { JobQueue, RunningJob } from '../../jobs/queue.ts';
import { channelsFor, closeChannels } from './channels/channels.ts';
import { notificationJob } from './notification-job.ts';
import { attachNotifier, detachNotifier } from './notifier.ts';
import { DeliveryFailed, sendNotification } from './send-notification.ts';
import { accessNoticeJob } from './access-notice.ts';
import { sendAccessNotice } from './send-access-notice.ts';

export interface RunningNotifications {
  stop(): void;
}

export async function startNotifications(deps: {
  db: Database;
  guard: StoreGuard;
  queue: JobQueue;
  config: NotificationsConfig;
  logger: Pick<Logger, 'warn' | 'info' | 'error'>;
  /** The web app's public address (HALE_BASE_URL), for links in messages. */
  baseUrl?: string;
}): Promise<RunningNotifications> {
  const job = notificationJob(deps.config);
  const accessNotice = accessNoticeJob(deps.config);
  await deps.queue.define(job);
  await deps.queue.define(accessNotice);
  const channels = channelsFor(deps.config);
  attachNotifier(deps.guard, { queue: deps.queue, job, accessNotice, config: deps.config, logger: deps.logger });
  // A job whose delivery failed is logged, then thrown back to the queue, which tries it again later.
  const loggingFailures =
    <T>(what: string, send: (running: RunningJob<T>) => Promise<unknown>) =>
    async (running: RunningJob<T>) => {
      try {
        return await send(running);
      } catch (err) {
        deps.logger.warn(
          { err: err instanceof DeliveryFailed ? err.message : err, job: running.id, attempt: running.retryCount + 1 },
          `${what} was not delivered; it is tried again later`,
        );
        throw err;
      }
    };
  await deps.queue.work(
    job,
    loggingFailures('an appointment message', (running) => sendNotification({ ...deps, channels, job }, running)),
  );
  await deps.queue.work(
    accessNotice,
    loggingFailures('an emergency access notice', (running) => sendAccessNotice({ ...deps, channels }, running)),
  );
  return {
    stop() {
      detachNotifier(deps.guard);
      closeChannels(channels);
    },
  };
}
