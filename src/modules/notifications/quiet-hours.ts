/**
 * Quiet hours: the patient's "no messages between 22:00 and 07:00", in a time zone (the
 * patient's, else the appointment place's). A message due inside them waits for their end.
 * When they end only after the appointment has started:
 * - a reminder goes at the last minute before the quiet hours began, if that is still
 *   ahead; otherwise it is skipped (recorded as not done, with the reason);
 * - a confirmation, move or cancellation goes at once: it is news the patient needs before
 *   the visit, and a late reminder would not be.
 */
import { addDays, fromWall, localDate, toWall, wallAt } from '../scheduling/zoned-time.ts';
import type { MessageKind } from './notification-terms.ts';
import type { QuietHours } from './preferences.ts';

export interface ZonedQuietHours extends QuietHours {
  timeZone: string;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The quiet period holding `at` ([from, until)), if `at` falls in one. */
export function quietPeriodAt(at: Date, q: ZonedQuietHours): { from: Date; until: Date } | undefined {
  const s = minutes(q.start);
  const e = minutes(q.end);
  if (s === e) return undefined;
  const day = localDate(at, q.timeZone);
  const wall = toWall(at, q.timeZone);
  const m = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  const instant = (date: string, hhmm: string) => fromWall(wallAt(date, hhmm), q.timeZone);
  if (s < e) return m >= s && m < e ? { from: instant(day, q.start), until: instant(day, q.end) } : undefined;
  // Across midnight (22:00-07:00).
  if (m >= s) return { from: instant(day, q.start), until: instant(addDays(day, 1), q.end) };
  if (m < e) return { from: instant(addDays(day, -1), q.start), until: instant(day, q.end) };
  return undefined;
}

export type Delivery = { at: Date } | { skip: string };

/** When a message due at `due` goes out, given the patient's quiet hours. */
export function deliveryTime(
  due: Date,
  kind: MessageKind,
  appointmentStart: Date,
  quiet: ZonedQuietHours | undefined,
  now: Date,
): Delivery {
  const period = quiet ? quietPeriodAt(due, quiet) : undefined;
  if (!period) return { at: due };
  if (period.until.getTime() <= appointmentStart.getTime()) return { at: period.until };
  if (kind !== 'reminder') return { at: due };
  const before = new Date(period.from.getTime() - 60_000);
  if (before.getTime() > now.getTime()) return { at: before };
  return {
    skip: `inside the patient's quiet hours (${quiet!.start}-${quiet!.end}, ${quiet!.timeZone}), which end only after the appointment starts`,
  };
}
