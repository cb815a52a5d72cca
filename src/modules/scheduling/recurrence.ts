/**
 * Recurrence rules of availability (RFC 5545 RRULE, expanded by the `rrule` package). A rule
 * says on which days (and how often) a block of time repeats; the time of day comes from the
 * availability's own `start`, so BYHOUR/BYMINUTE/BYSECOND are refused, as are rules finer
 * than a day. The package accepts nonsense quietly (BYDAY=XX crashes later, COUNT=abc gives
 * nothing), so every part is checked here first and a bad rule is a 422 naming the field.
 */
import rrulePkg from 'rrule';

const { RRule } = rrulePkg;

const DAY = '(?:[+-]?(?:[1-9]|[1-4]\\d|5[0-3]))?(?:MO|TU|WE|TH|FR|SA|SU)';
const int = (min: number, max: number) => (v: string) =>
  /^[+-]?\d{1,4}$/.test(v) && Math.abs(Number(v)) >= min && Math.abs(Number(v)) <= max;
const list = (ok: (v: string) => boolean) => (v: string) => v.split(',').every((x) => x !== '' && ok(x));

/** Each allowed part, with a check of its value and how to say what it wants. */
const PARTS: Record<string, [(v: string) => boolean, string]> = {
  FREQ: [(v) => ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(v), 'DAILY, WEEKLY, MONTHLY or YEARLY'],
  INTERVAL: [(v) => /^\d{1,3}$/.test(v) && Number(v) >= 1, 'a whole number from 1 to 999'],
  COUNT: [(v) => /^\d{1,5}$/.test(v) && Number(v) >= 1, 'a whole number from 1 to 99999'],
  UNTIL: [(v) => /^\d{8}(T\d{6}Z?)?$/.test(v), 'a date like 20261231 or 20261231T235959Z'],
  BYDAY: [list((v) => new RegExp(`^${DAY}$`).test(v)), 'days like MO,TU,WE or 1MO or -1FR'],
  BYMONTHDAY: [list((v) => int(1, 31)(v) && !v.startsWith('+')), 'days of the month from 1 to 31 (or -31 to -1)'],
  BYMONTH: [list((v) => /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 12), 'months from 1 to 12'],
  BYSETPOS: [list((v) => int(1, 366)(v) && !v.startsWith('+')), 'positions from 1 to 366 (or -366 to -1)'],
  BYYEARDAY: [list((v) => int(1, 366)(v) && !v.startsWith('+')), 'days of the year from 1 to 366 (or -366 to -1)'],
  BYWEEKNO: [list((v) => int(1, 53)(v) && !v.startsWith('+')), 'weeks from 1 to 53 (or -53 to -1)'],
  WKST: [(v) => /^(MO|TU|WE|TH|FR|SA|SU)$/.test(v), 'a day: MO to SU'],
};

const TIME_PARTS = new Set(['BYHOUR', 'BYMINUTE', 'BYSECOND']);

/** At most this many occurrences per expansion (a daily rule over a year is 366). */
const MAX_OCCURRENCES = 5000;

/**
 * The rule in canonical form ('FREQ=WEEKLY;BYDAY=MO,FR'), or a message saying what is wrong.
 * An 'RRULE:' prefix is accepted; DTSTART is not (availability gives it as validFrom + start).
 */
export function parseRrule(text: string): { rrule: string } | { error: string } {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (!body) return { error: 'is empty; write a rule like FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' };
  if (/[\r\n]/.test(body) || /^DTSTART/i.test(body))
    return { error: "must be one RRULE line without DTSTART (the start is the rule's validFrom and start)" };
  const seen = new Map<string, string>();
  for (const part of body.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = (eq > 0 ? part.slice(0, eq) : part).toUpperCase();
    const value = eq > 0 ? part.slice(eq + 1).toUpperCase() : '';
    if (TIME_PARTS.has(key)) return { error: `must not set ${key}: the time of day is the rule's start` };
    const check = PARTS[key];
    if (!check) return { error: `has an unknown or unsupported part '${key}' (allowed: ${Object.keys(PARTS).join(', ')})` };
    if (seen.has(key)) return { error: `sets ${key} twice` };
    if (!check[0](value)) return { error: `has a bad ${key} '${value}': expected ${check[1]}` };
    seen.set(key, value);
  }
  if (!seen.has('FREQ')) return { error: 'needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)' };
  if (seen.has('COUNT') && seen.has('UNTIL')) return { error: 'cannot set both COUNT and UNTIL' };
  const rrule = [...seen].map(([k, v]) => `${k}=${v}`).join(';');
  try {
    new RRule({ ...RRule.parseString(rrule), dtstart: new Date(Date.UTC(2000, 0, 1)) }).after(new Date(Date.UTC(2000, 0, 1)), true);
  } catch (err) {
    return { error: `is not a valid recurrence rule: ${(err as Error).message}` };
  }
  return { rrule };
}

/**
 * The occurrences of a (valid, canonical) rule whose first occurrence is `dtstart`, between
 * `from` and `to` inclusive. All three are wall values (see zoned-time.ts).
 */
export function expandRule(rrule: string, dtstart: Date, from: Date, to: Date): Date[] {
  const rule = new RRule({ ...RRule.parseString(rrule), dtstart });
  return rule.between(from, to, true, (_d, n) => n < MAX_OCCURRENCES);
}
