import { describe, expect, it } from 'vitest';
import { blockBox, gridHours, layoutDay, rowMinutes } from './calendar-layout.ts';
import { instantAt, monthGrid, wallClock } from './zone-time.ts';
import { proposeMove, type GridColumn } from './TimeGrid.tsx';
import type { AppointmentSummary } from './scheduling-api.ts';

const appt = (
  id: string,
  start: string,
  end: string,
  extra: Partial<AppointmentSummary> = {},
): AppointmentSummary & { start: string; end: string } => ({
  id,
  status: 'booked',
  start,
  end,
  practitioner: { id: 'dr-berg' },
  ...extra,
});

describe('calendar layout', () => {
  it('puts overlapping appointments side by side and lets the rest use the whole width', () => {
    const placed = layoutDay(
      [
        appt('a', '2026-06-03T07:00:00Z', '2026-06-03T07:40:00Z'),
        appt('b', '2026-06-03T07:20:00Z', '2026-06-03T07:40:00Z'),
        appt('c', '2026-06-03T07:20:00Z', '2026-06-03T08:00:00Z'),
        // Starts when a and b end: reuses their lane, still in the cluster of c.
        appt('d', '2026-06-03T07:40:00Z', '2026-06-03T08:00:00Z'),
        appt('e', '2026-06-03T09:00:00Z', '2026-06-03T09:20:00Z'),
      ],
      '2026-06-03',
      'Europe/Berlin',
    );
    const by = Object.fromEntries(placed.map((p) => [p.item.id, [p.startMin, p.endMin, p.lane, p.lanes]]));
    expect(by).toEqual({
      a: [540, 580, 0, 3],
      // Same start: the longer one first.
      b: [560, 580, 2, 3],
      c: [560, 600, 1, 3],
      d: [580, 600, 0, 3],
      e: [660, 680, 0, 1],
    });
    const box = blockBox({ startMin: 560, endMin: 580, lane: 1, lanes: 3 }, 480, 20, 34);
    expect(box).toMatchObject({ top: 136, height: 32 });
    expect([box.leftPct, box.widthPct].map((x) => x.toFixed(3))).toEqual(['33.333', '33.333']);
  });

  it("places a time by the location's zone, not the browser's, on both sides of a clock change", () => {
    // 07:00Z is 09:00 in Berlin in summer and 03:00 in New York.
    const summer = appt('s', '2026-06-03T07:00:00Z', '2026-06-03T07:20:00Z');
    expect(layoutDay([summer], '2026-06-03', 'Europe/Berlin')[0]).toMatchObject({ startMin: 540, endMin: 560 });
    expect(layoutDay([summer], '2026-06-03', 'America/New_York')[0]).toMatchObject({ startMin: 180, endMin: 200 });
    // In winter 09:00 Berlin is 08:00Z: the same wall time, another instant.
    expect(instantAt('2026-03-27', 540, 'Europe/Berlin').toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(instantAt('2026-03-30', 540, 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    // 02:30 does not exist on 29 March in Berlin: it moves forward as clocks do.
    expect(wallClock(instantAt('2026-03-29', 150, 'Europe/Berlin'), 'Europe/Berlin')).toEqual({ date: '2026-03-29', minutes: 210 });
    // A visit over midnight is cut at the day's edges, and belongs to neither day outside it.
    const late = appt('n', '2026-06-03T21:30:00Z', '2026-06-03T22:30:00Z');
    expect(layoutDay([late], '2026-06-03', 'Europe/Berlin')[0]).toMatchObject({ startMin: 1410, endMin: 1440 });
    expect(layoutDay([late], '2026-06-04', 'Europe/Berlin')[0]).toMatchObject({ startMin: 0, endMin: 30 });
    expect(layoutDay([late], '2026-06-05', 'Europe/Berlin')).toEqual([]);
  });

  it('sizes the grid to the hours in use and the rows to the slot length', () => {
    expect(gridHours([])).toEqual({ first: 480, last: 1080 });
    expect(
      gridHours([
        { startMin: 430, endMin: 500 },
        { startMin: 900, endMin: 1210 },
      ]),
    ).toEqual({ first: 420, last: 1260 });
    expect(rowMinutes([20, 20, 40])).toBe(20);
    expect(rowMinutes([25])).toBe(15);
    expect(monthGrid('2026-06-17')).toHaveLength(35);
    expect(monthGrid('2026-06-17')[0]).toBe('2026-06-01');
  });

  it('turns a drop into new times in the zone, and keeps a block with its practitioner', () => {
    const a = appt('a', '2026-06-03T07:00:00Z', '2026-06-03T07:20:00Z');
    const col = (key: string, date: string, practitionerId?: string): GridColumn => ({
      key,
      date,
      label: key,
      practitionerId,
      items: [],
      open: [],
    });
    // Two rows down (20-minute rows) and one day on: 09:40 Berlin on the 4th.
    const moved = proposeMove(a, col('d3', '2026-06-03'), col('d4', '2026-06-04'), 2, 20, 'Europe/Berlin');
    expect(moved && 'start' in moved && [moved.start.toISOString(), moved.end.toISOString()]).toEqual([
      '2026-06-04T07:40:00.000Z',
      '2026-06-04T08:00:00.000Z',
    ]);
    expect(proposeMove(a, col('d3', '2026-06-03'), col('d3', '2026-06-03'), 0, 20, 'Europe/Berlin')).toBeUndefined();
    const other = proposeMove(a, col('dr-berg', '2026-06-03', 'dr-berg'), col('dr-kim', '2026-06-03', 'dr-kim'), 1, 20, 'Europe/Berlin');
    expect(other).toMatchObject({ refused: expect.stringMatching(/keeps its practitioner/) });
  });
});
