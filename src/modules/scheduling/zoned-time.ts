/**
 * Wall-clock time in a location's IANA time zone, and back to UTC instants, with the
 * platform's Intl data (no time zone library). Availability rules are wall-clock rules
 * ("09:00 on weekdays"), so they are expanded as floating local times and only then placed
 * in the zone: 09:00 in Europe/Berlin is 08:00Z in winter and 07:00Z in summer.
 *
 * A "wall" value is a Date whose UTC fields hold the local fields (the convention of the
 * rrule package): 2026-03-30T09:00:00.000Z as a wall value means 09:00 local on 30 March.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone the platform knows (IANA names such as Europe/Berlin, or UTC). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset at an instant, in milliseconds, read from the platform's zone data. */
function offsetFromIntl(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

const HOUR_MS = 3_600_000;
/** Offsets per zone and UTC hour. Bounded: cleared when it grows past this many hours. */
const MAX_CACHED_HOURS = 200_000;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * The zone's offset at an instant, in milliseconds. Asking Intl costs ~10 microseconds, and
 * a slot search converts tens of thousands of times, so offsets are kept per UTC hour: an hour
 * whose first and last millisecond have the same offset has it throughout (a zone changes its
 * offset at most once in an hour); an hour with a change in it is never cached.
 */
function offsetMs(t: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = new Map()));
  const hour = Math.floor(t / HOUR_MS);
  const cached = zone.get(hour);
  if (cached !== undefined) return cached;
  const first = offsetFromIntl(hour * HOUR_MS, timeZone);
  const last = offsetFromIntl(hour * HOUR_MS + HOUR_MS - 1, timeZone);
  if (first !== last) return offsetFromIntl(t, timeZone);
  if (zone.size >= MAX_CACHED_HOURS) zone.clear();
  zone.set(hour, first);
  return first;
}

/** The wall value (local fields as UTC) of an instant in a zone. */
export function toWall(instant: Date, timeZone: string): Date {
  return new Date(instant.getTime() + offsetMs(instant.getTime(), timeZone));
}

/** The zone's offset from UTC at an instant, in minutes (+60 for CET, +120 for CEST). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return Math.round(offsetMs(instant.getTime(), timeZone) / 60_000);
}

/**
 * The instant of a wall time in a zone. A wall time that does not exist (inside the hour
 * skipped when clocks go forward) moves forward by the gap, as clocks do; one that exists
 * twice (the hour repeated when clocks go back) is the first.
 */
export function fromWall(wall: Date, timeZone: string): Date {
  const w = wall.getTime();
  // The offsets in force a day before and a day after: at most one change lies between.
  const before = w - offsetMinutes(new Date(w - 86_400_000), timeZone) * 60_000;
  const after = w - offsetMinutes(new Date(w + 86_400_000), timeZone) * 60_000;
  const fits = [before, after].filter((t) => toWall(new Date(t), timeZone).getTime() === w);
  // Both fit on a repeated hour (the earlier wins); neither inside a gap (the offset before the gap lands after it).
  return new Date(fits.length ? Math.min(...fits) : before);
}

/** 2026-03-30T09:00:00+02:00: an instant as the location's clock shows it, with the offset. */
export function localIso(instant: Date, timeZone: string): string {
  const off = offsetMinutes(instant, timeZone);
  const wall = toWall(instant, timeZone).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An instant as FHIR instant text in UTC, without milliseconds when there are none. */
export function utcIso(instant: Date): string {
  return instant.toISOString().replace('.000Z', 'Z');
}

/** The local calendar day (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  return toWall(instant, timeZone).toISOString().slice(0, 10);
}

/** Midnight at the start of a local day, as an instant. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return fromWall(new Date(`${date}T00:00:00Z`), timeZone);
}

/** YYYY-MM-DD plus n days. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A wall value for a day and a time of day (HH:MM or HH:MM:SS), plus minutes. */
export function wallAt(date: string, time: string, plusMinutes = 0): Date {
  const t = time.length === 5 ? `${time}:00` : time;
  return new Date(Date.parse(`${date}T${t}Z`) + plusMinutes * 60_000);
}
