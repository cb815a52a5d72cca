/**
 * Times in the portal are the clinic's: each is shown in the time zone of the room (so
 * "09:00" is when the patient must be there), and the zone is named when it differs from
 * this browser's, so nobody travelling is misled.
 */

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** ' (Europe/Berlin time)' when the zone is not the browser's, else ''. */
export function zoneNote(timeZone: string | undefined): string {
  return timeZone && timeZone !== browserTimeZone() ? ` (${timeZone} time)` : '';
}

function fmt(locale: string, timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, ...(timeZone ? { timeZone } : {}) });
  } catch {
    return new Intl.DateTimeFormat(locale, options);
  }
}

/** 'Monday, 11 May 2026 at 09:00 (Europe/Berlin time)'. */
export function whenLong(iso: string | undefined, timeZone: string | undefined, locale: string): string {
  if (!iso) return 'Time not set';
  const d = new Date(iso);
  const day = fmt(locale, timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
  return `${day}, ${timeOnly(iso, timeZone, locale)}${zoneNote(timeZone)}`;
}

/** '09:00' in the zone. */
export function timeOnly(iso: string, timeZone: string | undefined, locale: string): string {
  return fmt(locale, timeZone, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayIn(instant: Date, timeZone: string): string {
  const parts = fmt('en-CA', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 'Mon 11 May' for a calendar day. */
export function dayLabel(day: string, locale: string, long = false): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: long ? 'long' : 'short',
    day: 'numeric',
    month: long ? 'long' : 'short',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}
