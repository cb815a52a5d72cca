/**
 * Collecting every problem of a form-shaped request, each named by its JSON path
 * (`name.family`, `locations[0].rules[1].rrule`), into one 422 whose details a form puts
 * next to its fields. The checks every module shares are here; a module's own
 * field-errors.ts adds its kinds of field.
 */
import { HaleError, type ErrorDetail } from './errors.ts';

export type Json = Record<string, unknown>;

export class FieldErrors {
  readonly details: ErrorDetail[] = [];

  add(field: string, message: string): void {
    this.details.push({ field, message });
  }

  get count(): number {
    return this.details.length;
  }

  /** 422 naming every field, or nothing. */
  throwIfAny(what: string): void {
    if (!this.details.length) return;
    const list = this.details.map((d) => `${d.field} ${d.message}`).join('; ');
    throw new HaleError('invalid-resource', `${what} has ${this.details.length === 1 ? 'a problem' : 'problems'}: ${list}`, this.details);
  }
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `base.key`, or `key` at the top. */
export function at(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

/** Absent for a form: missing, null or blank text. */
export function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * A trimmed non-empty text of at most `max` characters (default 200), or undefined when
 * blank; a wrong type is an error. `collapseSpaces` makes every run of white space one space
 * (names, addresses: what a person typed twice or pasted with a line break).
 */
export function text(
  errors: FieldErrors,
  value: unknown,
  field: string,
  opts: { required?: boolean; max?: number; collapseSpaces?: boolean } = {},
): string | undefined {
  const max = opts.max ?? 200;
  if (blank(value)) {
    if (opts.required) errors.add(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    errors.add(field, 'must be text');
    return undefined;
  }
  const v = opts.collapseSpaces ? value.trim().replace(/\s+/g, ' ') : value.trim();
  if ([...v].length > max) {
    errors.add(field, `must have at most ${max} characters`);
    return undefined;
  }
  return v;
}

export function oneOf<T extends string>(
  errors: FieldErrors,
  value: unknown,
  field: string,
  allowed: readonly T[],
  opts: { required?: boolean } = {},
): T | undefined {
  if (blank(value)) {
    if (opts.required) errors.add(field, `is required: one of ${allowed.join(', ')}`);
    return undefined;
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    errors.add(field, `must be one of ${allowed.join(', ')}`);
    return undefined;
  }
  return value as T;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A resource id (the FHIR id pattern). */
export function resourceId(errors: FieldErrors, value: unknown, field: string, opts: { required?: boolean } = {}): string | undefined {
  if (blank(value)) {
    if (opts.required) errors.add(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string' || !ID.test(value)) {
    errors.add(field, 'must be a resource id (1-64 letters, digits, - or .)');
    return undefined;
  }
  return value;
}

/** A list (absent is empty) of at most `maxItems` entries. */
export function list(errors: FieldErrors, value: unknown, field: string, maxItems: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.add(field, 'must be a list');
    return [];
  }
  if (value.length > maxItems) {
    errors.add(field, `must have at most ${maxItems} entries`);
    return [];
  }
  return value;
}

/** Keys of an object the request does not know: a typo would otherwise be dropped silently. */
export function unknownKeys(errors: FieldErrors, obj: Json, field: string, known: readonly string[]): void {
  for (const k of Object.keys(obj)) if (!known.includes(k)) errors.add(at(field, k), 'is not a known field');
}
