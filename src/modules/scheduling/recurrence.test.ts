import { describe, expect, it } from 'vitest';
import { expandRule, parseRrule } from './recurrence.ts';

describe('availability recurrence rules', () => {
  it('accepts weekly and monthly rules and writes them canonically', () => {
    expect(parseRrule('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')).toEqual({ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' });
    expect(parseRrule('RRULE:freq=monthly;byday=1mo')).toEqual({ rrule: 'FREQ=MONTHLY;BYDAY=1MO' });
    expect(parseRrule('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;UNTIL=20261231')).toEqual({
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;UNTIL=20261231',
    });
  });

  it.each([
    ['', /empty/],
    ['BYDAY=MO', /needs FREQ/],
    ['FREQ=SOMETIMES', /bad FREQ/],
    ['FREQ=HOURLY', /bad FREQ/],
    ['FREQ=WEEKLY;BYDAY=XX', /bad BYDAY/],
    ['FREQ=WEEKLY;COUNT=abc', /bad COUNT/],
    ['FREQ=WEEKLY;INTERVAL=0', /bad INTERVAL/],
    ['FREQ=WEEKLY;BYHOUR=9', /must not set BYHOUR/],
    ['FREQ=WEEKLY;FOO=1', /unknown or unsupported part 'FOO'/],
    ['FREQ=WEEKLY;COUNT=3;UNTIL=20261231', /both COUNT and UNTIL/],
    ['DTSTART:20260101T090000\nRRULE:FREQ=DAILY', /one RRULE line/],
    ['garbage', /unknown or unsupported part 'GARBAGE'/],
  ])('refuses %j', (text, message) => {
    const r = parseRrule(text);
    expect('error' in r && r.error).toMatch(message);
  });

  it('expands wall-clock occurrences between two days', () => {
    const got = expandRule(
      'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      new Date('2026-01-05T09:00:00Z'),
      new Date('2026-03-26T00:00:00Z'),
      new Date('2026-03-31T23:59:00Z'),
    );
    expect(got.map((d) => d.toISOString())).toEqual([
      '2026-03-26T09:00:00.000Z',
      '2026-03-27T09:00:00.000Z',
      '2026-03-30T09:00:00.000Z',
      '2026-03-31T09:00:00.000Z',
    ]);
  });
});
