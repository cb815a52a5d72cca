/** Quiet hours: which period a time falls in (across midnight and daylight saving), and when a message goes instead. */
import { describe, expect, it } from 'vitest';
import { deliveryTime, quietPeriodAt } from './quiet-hours.ts';

const berlinNight = { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' };
const t = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('finds the period across midnight in the zone, and none outside it', () => {
    expect(quietPeriodAt(t('2026-06-01T21:30:00Z'), berlinNight)).toEqual({
      from: t('2026-06-01T20:00:00Z'),
      until: t('2026-06-02T05:00:00Z'),
    });
    expect(quietPeriodAt(t('2026-06-02T03:00:00Z'), berlinNight)).toEqual({
      from: t('2026-06-01T20:00:00Z'),
      until: t('2026-06-02T05:00:00Z'),
    });
    expect(quietPeriodAt(t('2026-06-02T05:00:00Z'), berlinNight)).toBeUndefined();
    // The night clocks go back (25 October 2026): 22:00 CEST is 20:00Z, 07:00 CET is 06:00Z.
    expect(quietPeriodAt(t('2026-10-25T02:00:00Z'), berlinNight)).toEqual({
      from: t('2026-10-24T20:00:00Z'),
      until: t('2026-10-25T06:00:00Z'),
    });
    expect(quietPeriodAt(t('2026-06-01T11:30:00Z'), { start: '13:00', end: '14:00', timeZone: 'Europe/Berlin' })).toEqual({
      from: t('2026-06-01T11:00:00Z'),
      until: t('2026-06-01T12:00:00Z'),
    });
  });

  it('delays to the end; a reminder that cannot wait goes before the quiet hours began, or not at all', () => {
    const now = t('2026-06-01T08:00:00Z');
    const start = t('2026-06-02T09:00:00Z');
    expect(deliveryTime(t('2026-06-01T23:00:00Z'), 'reminder', start, berlinNight, now)).toEqual({ at: t('2026-06-02T05:00:00Z') });
    expect(deliveryTime(t('2026-06-01T12:00:00Z'), 'reminder', start, berlinNight, now)).toEqual({ at: t('2026-06-01T12:00:00Z') });
    expect(deliveryTime(t('2026-06-01T12:00:00Z'), 'reminder', start, undefined, now)).toEqual({ at: t('2026-06-01T12:00:00Z') });
    // A 06:30 appointment: its 2-hour reminder (04:30 local) waits for 07:00, after the start: it goes at 21:59 the evening before.
    const early = t('2026-06-02T04:30:00Z');
    expect(deliveryTime(t('2026-06-02T02:30:00Z'), 'reminder', early, berlinNight, now)).toEqual({ at: t('2026-06-01T19:59:00Z') });
    // Planned when the quiet hours have already begun: skipped.
    const late = deliveryTime(t('2026-06-02T02:30:00Z'), 'reminder', early, berlinNight, t('2026-06-01T21:00:00Z'));
    expect('skip' in late && late.skip).toMatch(/quiet hours \(22:00-07:00, Europe\/Berlin\)/);
    // News about the appointment goes at once when waiting would be too late.
    expect(deliveryTime(t('2026-06-01T21:00:00Z'), 'cancelled', early, berlinNight, now)).toEqual({ at: t('2026-06-01T21:00:00Z') });
  });
});
