/**
 * FHIR date, dateTime and instant values as the period of time they cover, e.g. `2020-03`
 * is 2020-03-01T00:00:00.000Z .. 2020-03-31T23:59:59.999Z. Indexing and searching both
 * use this, so a stored value and a search value of the same text cover the same range.
 * Values without a time zone are taken as UTC (the spec leaves it to the server).
 */

export interface DateRange {
  /** Inclusive start, ISO instant in UTC with milliseconds. */
  low: string;
  /** Inclusive end, ISO instant in UTC with milliseconds. */
  high: string;
}

// YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.fff]][Z|+hh:mm]. Minutes-only times and
// missing zones are not valid FHIR dateTimes but are common in search URLs: accepted.
const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

function utcMs(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): number {
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(h, m, s, ms);
  return d.getTime();
}

// Four-digit years only: PostgreSQL has no year 0, and toISOString writes years past 9999
// as +010000, which PostgreSQL does not read. Time zones can push a value over either edge.
const EARLIEST = utcMs(1, 1, 1);
const LATEST = utcMs(10000, 1, 1) - 1;

function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 1) - 86_400_000).getUTCDate();
}

function iso(ms: number): string {
  return new Date(Math.min(Math.max(ms, EARLIEST), LATEST)).toISOString();
}

/** The range a FHIR date/dateTime/instant covers, or undefined when the text is not one. */
export function dateRange(text: string): DateRange | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 1) return undefined;
  if (m[2] === undefined) return { low: iso(utcMs(year, 1, 1)), high: iso(utcMs(year + 1, 1, 1) - 1) };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { low: iso(utcMs(year, month, 1)), high: iso(utcMs(year, month + 1, 1) - 1) };
  const day = Number(m[3]);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  if (m[4] === undefined) return { low: iso(utcMs(year, month, day)), high: iso(utcMs(year, month, day + 1) - 1) };

  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = m[7] ?? '';
  const millis = fraction === '' ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  // How long the written precision lasts: a minute, a second, or down to one millisecond.
  const span = m[6] === undefined ? 60_000 : fraction.length === 0 ? 1000 : fraction.length >= 3 ? 1 : 10 ** (3 - fraction.length);
  let start = utcMs(year, month, day, hour, minute, second, millis);
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    if (Math.abs(offsetMinutes) > 14 * 60) return undefined;
    start -= offsetMinutes * 60_000;
  }
  return { low: iso(start), high: iso(start + span - 1) };
}
