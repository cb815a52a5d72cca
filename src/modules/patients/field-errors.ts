/**
 * Field-by-field checks of a form-shaped request. Every problem is collected (a form shows
 * them all at once, not one per submit), each named by its JSON path in the request
 * (`name.family`, `phones[1].value`, `coverages[0].memberId`) so the web form can put the
 * message next to the field.
 */

export { FieldErrors, at, isObject, oneOf, resourceId, unknownKeys, type Json } from '../../field-errors.ts';
import { FieldErrors, at, isObject, list as anyList, text as sharedText, type Json } from '../../field-errors.ts';

/** A trimmed non-empty text with its runs of white space made one space (src/field-errors.ts text). */
export function text(
  errors: FieldErrors,
  value: unknown,
  field: string,
  opts: { required?: boolean; max?: number } = {},
): string | undefined {
  return sharedText(errors, value, field, { ...opts, collapseSpaces: true });
}

/** A list of texts (a single text is taken as a list of one). */
export function texts(errors: FieldErrors, value: unknown, field: string, opts: { max?: number; maxItems?: number } = {}): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) {
    errors.add(field, 'must be a list of texts');
    return [];
  }
  if (list.length > (opts.maxItems ?? 10)) errors.add(field, `must have at most ${opts.maxItems ?? 10} entries`);
  return list.map((v, i) => text(errors, v, at(field, i), opts)).filter((v): v is string => v !== undefined);
}

/** A list of objects (absent is empty). */
export function list(errors: FieldErrors, value: unknown, field: string, maxItems = 20): Json[] {
  return anyList(errors, value, field, maxItems).map((v, i) => {
    if (isObject(v)) return v;
    errors.add(at(field, i), 'must be an object');
    return {};
  });
}

export function bool(errors: FieldErrors, value: unknown, field: string, opts: { required?: boolean } = {}): boolean | undefined {
  if (value === undefined || value === null) {
    if (opts.required) errors.add(field, 'is required (true or false)');
    return undefined;
  }
  if (typeof value !== 'boolean') {
    errors.add(field, 'must be true or false');
    return undefined;
  }
  return value;
}

/** Today's date in UTC, YYYY-MM-DD. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A real calendar day written YYYY-MM-DD, or undefined (with the error). */
export function isoDate(
  errors: FieldErrors,
  value: unknown,
  field: string,
  opts: { required?: boolean; notFuture?: boolean; now?: Date } = {},
): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (opts.required) errors.add(field, 'is required (YYYY-MM-DD)');
    return undefined;
  }
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value) {
    errors.add(field, 'must be a date written YYYY-MM-DD');
    return undefined;
  }
  if (Number(m[1]) < 1880) {
    errors.add(field, 'must be after 1880');
    return undefined;
  }
  if (opts.notFuture && (value as string) > today(opts.now)) {
    errors.add(field, 'cannot be in the future');
    return undefined;
  }
  return value as string;
}

/** A FHIR instant-like date-time with a zone (or a plain date), not in the future. */
export function pastDateTime(errors: FieldErrors, value: unknown, field: string, now = new Date()): string | undefined {
  if (value === undefined || value === null || value === '') {
    errors.add(field, 'is required (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)');
    return undefined;
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return isoDate(errors, value, field, { notFuture: true, now });
  const ok = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const t = ok ? Date.parse(value as string) : NaN;
  if (!ok || Number.isNaN(t)) {
    errors.add(field, 'must be a date (YYYY-MM-DD) or a date-time with a time zone (2024-05-01T14:30:00Z)');
    return undefined;
  }
  if (t > now.getTime() + 60_000) {
    errors.add(field, 'cannot be in the future');
    return undefined;
  }
  return value as string;
}

/** Phone numbers as people write them: digits with + ( ) - . and spaces, 7 to 15 digits. */
export function phoneNumber(errors: FieldErrors, value: unknown, field: string, opts: { required?: boolean } = {}): string | undefined {
  const v = text(errors, value, field, { max: 40, ...opts });
  if (v === undefined) return undefined;
  const digits = v.replace(/\D/g, '');
  if (!/^\+?[\d\s().-]+$/.test(v) || digits.length < 7 || digits.length > 15) {
    errors.add(field, 'must be a phone number: 7 to 15 digits, written with + ( ) - . or spaces only');
    return undefined;
  }
  return v;
}

export function emailAddress(errors: FieldErrors, value: unknown, field: string): string | undefined {
  const v = text(errors, value, field, { max: 254 });
  if (v === undefined) return undefined;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) {
    errors.add(field, 'must be an email address (name@example.org)');
    return undefined;
  }
  return v;
}
