/**
 * Field-by-field checks of the scheduling requests: every problem is collected and the 422
 * names each field by its JSON path in the request (`locations[0].rules[1].rrule`), so a
 * form can show the message beside the field.
 */

export { FieldErrors, at, isObject, oneOf, resourceId, text, unknownKeys, type Json } from '../../field-errors.ts';
import { FieldErrors, blank, list as anyList } from '../../field-errors.ts';

/** A whole number within bounds. */
export function wholeNumber(
  errors: FieldErrors,
  value: unknown,
  field: string,
  min: number,
  max: number,
  opts: { required?: boolean } = {},
): number | undefined {
  if (blank(value)) {
    if (opts.required) errors.add(field, `is required (a whole number from ${min} to ${max})`);
    return undefined;
  }
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    errors.add(field, `must be a whole number from ${min} to ${max}`);
    return undefined;
  }
  return n;
}

/** A time of day written HH:MM (24-hour clock). */
export function timeOfDay(errors: FieldErrors, value: unknown, field: string, opts: { required?: boolean } = {}): string | undefined {
  if (blank(value)) {
    if (opts.required) errors.add(field, 'is required (HH:MM)');
    return undefined;
  }
  const m = typeof value === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)(?::00)?$/.exec(value.trim()) : null;
  if (!m) {
    errors.add(field, 'must be a time of day written HH:MM (00:00 to 23:59)');
    return undefined;
  }
  return `${m[1]}:${m[2]}`;
}

export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === value && Number(m[1]) >= 1900 && Number(m[1]) <= 2200;
}

/** A calendar day written YYYY-MM-DD. */
export function calendarDate(errors: FieldErrors, value: unknown, field: string, opts: { required?: boolean } = {}): string | undefined {
  if (blank(value)) {
    if (opts.required) errors.add(field, 'is required (YYYY-MM-DD)');
    return undefined;
  }
  if (typeof value !== 'string' || !isCalendarDate(value.trim())) {
    errors.add(field, 'must be a date written YYYY-MM-DD');
    return undefined;
  }
  return value.trim();
}

/** A date-time with its zone (2026-03-30T09:00:00+02:00 or ...Z), as an instant. */
export function instant(errors: FieldErrors, value: unknown, field: string, opts: { required?: boolean } = {}): Date | undefined {
  if (blank(value)) {
    if (opts.required) errors.add(field, 'is required (a date-time with its zone, like 2026-03-30T09:00:00+02:00)');
    return undefined;
  }
  const t = typeof value === 'string' && DATE_TIME.test(value.trim()) ? Date.parse(value.trim()) : NaN;
  if (Number.isNaN(t)) {
    errors.add(field, 'must be a date-time with its zone, like 2026-03-30T09:00:00+02:00 or 2026-03-30T07:00:00Z');
    return undefined;
  }
  return new Date(t);
}

/** A day (YYYY-MM-DD) or a date-time with its zone: which one, and its text. */
export function dayOrInstant(
  errors: FieldErrors,
  value: unknown,
  field: string,
  opts: { required?: boolean } = {},
): { date: string } | { instant: Date } | undefined {
  if (blank(value)) {
    if (opts.required) errors.add(field, 'is required (YYYY-MM-DD or a date-time with its zone)');
    return undefined;
  }
  if (typeof value === 'string' && isCalendarDate(value.trim())) return { date: value.trim() };
  const t = typeof value === 'string' && DATE_TIME.test(value.trim()) ? Date.parse(value.trim()) : NaN;
  if (Number.isNaN(t)) {
    errors.add(field, 'must be a date (YYYY-MM-DD) or a date-time with its zone (2026-03-30T09:00:00+02:00)');
    return undefined;
  }
  return { instant: new Date(t) };
}

/** A list (absent is empty). */
export function list(errors: FieldErrors, value: unknown, field: string, maxItems = 50): unknown[] {
  return anyList(errors, value, field, maxItems);
}
