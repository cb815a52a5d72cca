/**
 * Calendar arithmetic in a location's time zone, in the browser. The server stores UTC and
 * answers with the room's zone; the screens place and label times in that zone (not the
 * browser's), so a desk in another zone still sees the clinic's wall clock. Days are
 * YYYY-MM-DD strings (calendar days, no zone); instants are Dates. Uses the platform's Intl
 * data, through the server's own functions.
 */

import { addDays, fromWall, offsetMinutes, toWall, wallAt } from '../../../../src/modules/scheduling/zoned-time.ts';

// The server's own zone arithmetic (pure, Intl only), so a time is placed on screen exactly
// where the server reads it.
export { addDays, offsetMinutes };

/** The wall clock of an instant in a zone: its local day and minutes since local midnight. */
export function wallClock(instant: Date, timeZone: string): { date: string; minutes: number } {
  const wall = toWall(instant, timeZone);
  return { date: wall.toISOString().slice(0, 10), minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
}

/**
 * The instant of a wall-clock time in a zone. A time skipped in spring moves forward as clocks
 * do; one that happens twice in autumn is the first (as the server reads availability).
 */
export function instantAt(date: string, minutes: number, timeZone: string): Date {
  return fromWall(wallAt(date, '00:00', minutes), timeZone);
}

/** 0 = Monday ... 6 = Sunday. */
export function weekday(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The Monday of the date's week. */
export function weekStart(date: string): string {
  return addDays(date, -weekday(date));
}

/** The days a month view shows: whole weeks (Monday first) covering the month of `date`. */
export function monthGrid(date: string): string[] {
  const first = `${date.slice(0, 7)}-01`;
  const start = weekStart(first);
  const next = new Date(`${first}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const last = addDays(next.toISOString().slice(0, 10), -1);
  const end = addDays(weekStart(last), 6);
  const days: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) days.push(d);
  return days;
}

export function addMonths(date: string, n: number): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${d.toISOString().slice(0, 8)}${String(day).padStart(2, '0')}`;
}

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Today in a zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return wallClock(now, timeZone).date;
}

/** HH:MM of minutes since midnight. */
export function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Minutes since midnight of HH:MM, or undefined. */
export function minutesOf(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}

const formatCache = new Map<string, Intl.DateTimeFormat>();
function cachedFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = formatCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatCache.set(key, f);
  }
  return f;
}

/** Formatting in the location's zone (not the browser's). */
export function zoneFormat(locale: string, timeZone: string) {
  return {
    time: (t: string | Date) => cachedFormat(locale, timeZone, { hour: '2-digit', minute: '2-digit' }).format(new Date(t)),
    dateTime: (t: string | Date) =>
      cachedFormat(locale, timeZone, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(
        new Date(t),
      ),
    /** A calendar day (no zone shift: noon UTC of that day, shown in UTC). */
    day: (date: string, style: 'long' | 'short' = 'long') =>
      cachedFormat(
        locale,
        'UTC',
        style === 'long'
          ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
          : { weekday: 'short', day: 'numeric', month: 'short' },
      ).format(new Date(`${date}T12:00:00Z`)),
    month: (date: string) => cachedFormat(locale, 'UTC', { month: 'long', year: 'numeric' }).format(new Date(`${date}T12:00:00Z`)),
  };
}

/** The zone's short name at an instant ("CEST", "GMT+2"), for labels. */
export function zoneAbbreviation(timeZone: string, at = new Date()): string {
  const part = cachedFormat('en-US', timeZone, { timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}
