/**
 * Refusals by the online-booking rules, in words a patient understands: each names the
 * field it concerns and says what to do instead (usually: call the clinic). All of a
 * request's refusals come in one 422, its message the sentences themselves.
 */
import { HaleError, type ErrorDetail } from '../../errors.ts';

export class RuleRefusals {
  readonly details: ErrorDetail[] = [];

  add(field: string, message: string): void {
    this.details.push({ field, message });
  }

  get count(): number {
    return this.details.length;
  }

  throwIfAny(): void {
    if (!this.details.length) return;
    throw new HaleError('invalid-resource', this.details.map((d) => d.message).join(' '), this.details);
  }
}

/** 'in 2 hours', '1 hour': hours as people say them. */
export function hoursText(n: number): string {
  return `${n} hour${n === 1 ? '' : 's'}`;
}

export function daysText(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

/** A moment in a room's zone, as a patient reads it: 'Wed 6 May 2026, 09:00 (Europe/Berlin)'. */
export function whenText(instant: Date, timeZone: string | undefined): string {
  const tz = timeZone ?? 'UTC';
  const text = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: tz,
  }).format(instant);
  return `${text} (${tz})`;
}
