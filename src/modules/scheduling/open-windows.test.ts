import { describe, expect, it } from 'vitest';
import type { LocationAvailability } from './availability.ts';
import { openSegments, slotGrid, subtract, union } from './open-windows.ts';
import { localIso } from './zoned-time.ts';

const weekdays: LocationAvailability = {
  locationId: 'room-1',
  timeZone: 'Europe/Berlin',
  slotMinutes: 20,
  rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '09:00', durationMinutes: 180 }],
  breaks: [{ start: '10:00', end: '10:20' }],
  exceptions: [{ from: '2026-04-03', reason: 'Good Friday' }],
  specialties: [],
  serviceIds: [],
};

const local = (list: { start: number; end: number }[]) =>
  list.map((i) => `${localIso(new Date(i.start), 'Europe/Berlin')}/${localIso(new Date(i.end), 'Europe/Berlin').slice(11, 16)}`);

describe('open segments and slots', () => {
  it('gives weekday mornings minus the break, minus the holiday', () => {
    const from = new Date('2026-04-02T00:00:00+02:00');
    const to = new Date('2026-04-07T00:00:00+02:00');
    expect(local(openSegments(weekdays, from, to))).toEqual([
      '2026-04-02T09:00:00+02:00/10:00',
      '2026-04-02T10:20:00+02:00/12:00',
      // Friday 3 April is the holiday; the weekend is closed.
      '2026-04-06T09:00:00+02:00/10:00',
      '2026-04-06T10:20:00+02:00/12:00',
    ]);
  });

  it('keeps 09:00 local across the change to summer time', () => {
    const segs = openSegments(weekdays, new Date('2026-03-27T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
    expect(segs.map((s) => new Date(s.start).toISOString())).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-27T09:20:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-30T08:20:00.000Z',
    ]);
  });

  it('lays the slot grid from each segment start and leaves out busy time', () => {
    const from = new Date('2026-04-02T00:00:00+02:00');
    const to = new Date('2026-04-03T00:00:00+02:00');
    const open = openSegments(weekdays, from, to);
    const busy = [{ start: Date.parse('2026-04-02T09:20:00+02:00'), end: Date.parse('2026-04-02T09:40:00+02:00') }];
    expect(local(slotGrid(open, busy, 20, 20, from, to)).map((s) => s.slice(11, 16))).toEqual([
      '09:00',
      '09:40',
      '10:20',
      '10:40',
      '11:00',
      '11:20',
      '11:40',
    ]);
    // A 40-minute service on the 20-minute grid: only starts with 40 free minutes.
    expect(local(slotGrid(open, [], 20, 40, from, to)).map((s) => s.slice(11, 16))).toEqual([
      '09:00',
      '09:20',
      '10:20',
      '10:40',
      '11:00',
      '11:20',
    ]);
  });

  it('expands a daily rule far from its start, on the right days', () => {
    const daily: LocationAvailability = {
      ...weekdays,
      rules: [{ rrule: 'FREQ=DAILY;INTERVAL=2', start: '14:00', durationMinutes: 60, validFrom: '2001-01-01' }],
      breaks: [],
      exceptions: [],
    };
    const segs = openSegments(daily, new Date('2030-06-01T00:00:00Z'), new Date('2030-06-06T00:00:00Z'));
    // 2001-01-01 + 2n days: 2030-06-01 is day 10743 (odd), so the even days are the 2nd, 4th...
    expect(segs.map((s) => localIso(new Date(s.start), 'Europe/Berlin').slice(0, 10))).toEqual(['2030-06-02', '2030-06-04']);
  });

  it('unions and subtracts intervals', () => {
    expect(
      union([
        { start: 5, end: 10 },
        { start: 0, end: 6 },
        { start: 12, end: 13 },
      ]),
    ).toEqual([
      { start: 0, end: 10 },
      { start: 12, end: 13 },
    ]);
    expect(
      subtract(
        [{ start: 0, end: 10 }],
        [
          { start: 2, end: 3 },
          { start: 8, end: 20 },
        ],
      ),
    ).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 8 },
    ]);
  });
});
