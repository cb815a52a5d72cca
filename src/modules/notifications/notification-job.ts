/**
 * The one job of this module: "send this message about this appointment". Its data names
 * the appointment, the kind of message and the start it was planned for; its key
 * (pg-boss singleton key, and the root of each channel's Communication id) makes it one
 * message however often it is enqueued or retried:
 *
 *   confirmation / rescheduled / cancelled   <appointment>|<kind>|v<appointment version>
 *   reminders                                <appointment>|reminder-24h|<planned start>
 */
import type { NotificationsConfig } from '../../config.ts';
import { defineJob, type JobDefinition } from '../../jobs/queue.ts';
import { offsetLabel, type MessageKind } from './notification-terms.ts';

export interface NotificationJobData {
  appointmentId: string;
  kind: MessageKind;
  /** The appointment's start (UTC) when the message was planned; a moved appointment makes it stale. */
  plannedStart: string;
  /** The appointment's version that caused a confirmation, move or cancellation. */
  version?: string;
  /** Reminders: minutes before the start. */
  offsetMinutes?: number;
  /** How often quiet hours have put it off (a guard against loops). */
  deferrals?: number;
}

export const NOTIFICATION_JOB_NAME = 'notification.send';

/** A message job of this module: retried as the settings say (HALE_NOTIFY_RETRY_*), given 5 minutes per attempt. */
export function messageJob<T>(name: string, config: Pick<NotificationsConfig, 'retryLimit' | 'retryDelaySeconds'>): JobDefinition<T> {
  return defineJob<T>(name, { retryLimit: config.retryLimit, retryDelaySeconds: config.retryDelaySeconds, expireInSeconds: 300 });
}

export function notificationJob(config: Pick<NotificationsConfig, 'retryLimit' | 'retryDelaySeconds'>): JobDefinition<NotificationJobData> {
  return messageJob<NotificationJobData>(NOTIFICATION_JOB_NAME, config);
}

export function messageKey(d: Pick<NotificationJobData, 'appointmentId' | 'kind' | 'plannedStart' | 'version' | 'offsetMinutes'>): string {
  if (d.kind === 'reminder') return `${d.appointmentId}|reminder-${offsetLabel(d.offsetMinutes ?? 0)}|${d.plannedStart}`;
  return `${d.appointmentId}|${d.kind}|v${d.version ?? '?'}`;
}
