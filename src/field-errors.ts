/**
 * Collecting every problem of a form-shaped request, each named by its JSON path
 * (`name.family`, `locations[0].rules[1].rrule`), into one 422 whose details a form puts
 * next to its fields. Each module's own field-errors.ts builds its checks on it.
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
