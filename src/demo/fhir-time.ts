/** Milliseconds to the FHIR date, dateTime and instant strings the generator writes (UTC). */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const YEAR = 365.2425 * DAY;

/** 2024-05-01T09:30:00Z (seconds, no fraction). */
export function dateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** 2024-05-01T09:30:00.123Z */
export function instant(ms: number): string {
  return new Date(ms).toISOString();
}

/** 2024-05-01 */
export function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC of the day of `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}
