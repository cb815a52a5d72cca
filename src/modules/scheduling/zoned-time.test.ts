import { describe, expect, it } from 'vitest';
import { fromWall, isTimeZone, localIso, offsetMinutes, startOfLocalDay, toWall, utcIso, wallAt } from './zoned-time.ts';

const B = 'Europe/Berlin';

describe('wall-clock time in a zone', () => {
  it('places 09:00 Berlin at 08:00Z in winter and 07:00Z in summer, either side of 2026-03-29', () => {
    expect(utcIso(fromWall(wallAt('2026-03-27', '09:00'), B))).toBe('2026-03-27T08:00:00Z');
    expect(utcIso(fromWall(wallAt('2026-03-30', '09:00'), B))).toBe('2026-03-30T07:00:00Z');
    expect(offsetMinutes(new Date('2026-03-27T08:00:00Z'), B)).toBe(60);
    expect(offsetMinutes(new Date('2026-03-30T07:00:00Z'), B)).toBe(120);
  });

  it('moves a wall time inside the skipped hour forward, and takes the first of a repeated hour', () => {
    // 02:30 on 29 March 2026 does not exist in Berlin: clocks go from 02:00 to 03:00.
    expect(utcIso(fromWall(wallAt('2026-03-29', '02:30'), B))).toBe('2026-03-29T01:30:00Z');
    // 02:30 on 25 October 2026 happens twice: 00:30Z (summer time) first.
    expect(utcIso(fromWall(wallAt('2026-10-25', '02:30'), B))).toBe('2026-10-25T00:30:00Z');
  });

  it('shows instants as the local clock with the offset, and back', () => {
    expect(localIso(new Date('2026-03-30T07:00:00Z'), B)).toBe('2026-03-30T09:00:00+02:00');
    expect(localIso(new Date('2026-03-27T08:00:00Z'), B)).toBe('2026-03-27T09:00:00+01:00');
    expect(localIso(new Date('2026-01-10T15:30:00Z'), 'America/New_York')).toBe('2026-01-10T10:30:00-05:00');
    expect(localIso(new Date('2026-01-10T15:30:00Z'), 'Asia/Kolkata')).toBe('2026-01-10T21:00:00+05:30');
    expect(toWall(new Date('2026-03-30T07:00:00Z'), B).toISOString()).toBe('2026-03-30T09:00:00.000Z');
    expect(utcIso(startOfLocalDay('2026-03-29', B))).toBe('2026-03-28T23:00:00Z');
  });

  it('knows real zone names only', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('not a zone')).toBe(false);
  });
});
