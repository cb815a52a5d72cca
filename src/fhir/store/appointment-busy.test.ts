import { describe, expect, it } from 'vitest';
import { parseBusyConflict } from '../../db/normalize-error.ts';
import { OVERBOOK_EXTENSION, busyRowsOf } from './appointment-busy.ts';

const appt = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'Appointment',
  status: 'booked',
  start: '2026-03-30T09:00:00+02:00',
  end: '2026-03-30T09:20:00+02:00',
  participant: [
    { actor: { reference: 'Practitioner/p1' }, status: 'accepted' },
    { actor: { reference: 'Patient/x' }, status: 'accepted' },
    { actor: { reference: 'Location/room-1' }, status: 'accepted' },
    { actor: { reference: 'HealthcareService/s' }, status: 'accepted' },
    { actor: { reference: 'Practitioner/p2' }, status: 'declined' },
    { actor: { reference: 'https://other.example/Patient/y' }, status: 'accepted' },
  ],
  ...extra,
});

describe('busy rows of an Appointment', () => {
  it('holds each practitioner, room and patient taking part, in UTC, sorted', () => {
    expect(busyRowsOf(appt())).toEqual(
      ['Location/room-1', 'Patient/x', 'Practitioner/p1'].map((actor) => ({
        actor,
        start: '2026-03-30T07:00:00.000Z',
        end: '2026-03-30T07:20:00.000Z',
        overbook: false,
      })),
    );
  });

  it.each(['cancelled', 'noshow', 'entered-in-error', 'proposed', 'waitlist'])('holds nothing for %s', (status) => {
    expect(busyRowsOf(appt({ status }))).toEqual([]);
  });

  it.each(['pending', 'booked', 'arrived', 'checked-in', 'fulfilled'])('holds time for %s', (status) => {
    expect(busyRowsOf(appt({ status }))).toHaveLength(3);
  });

  it('uses minutesDuration without an end, marks overbooked ones, and refuses an end before the start', () => {
    expect(busyRowsOf(appt({ end: undefined, minutesDuration: 45 }))[0]!.end).toBe('2026-03-30T07:45:00.000Z');
    expect(busyRowsOf(appt({ start: undefined, end: undefined }))).toEqual([]);
    expect(
      busyRowsOf(appt({ extension: [{ url: OVERBOOK_EXTENSION, extension: [{ url: 'reason', valueString: 'x' }] }] }))[0]!.overbook,
    ).toBe(true);
    expect(() => busyRowsOf(appt({ end: '2026-03-30T08:00:00+02:00' }))).toThrow(/end is before/);
  });
});

describe('the guard violation, read back', () => {
  it('names the actor, the time taken (in UTC) and the appointment holding it', () => {
    const detail =
      'Key (actor, during, resource_id)=(Practitioner/p1, ["2026-03-30 07:10:00+00","2026-03-30 07:30:00+00"), b) conflicts with existing key (actor, during, resource_id)=(Practitioner/p1, ["2026-03-30 09:00:00+02","2026-03-30 09:20:00+02"), a-1).';
    expect(parseBusyConflict(detail)).toEqual({
      actor: 'Practitioner/p1',
      start: '2026-03-30T07:00:00Z',
      end: '2026-03-30T07:20:00Z',
      appointmentId: 'a-1',
    });
    expect(parseBusyConflict('Key (x)=(1) conflicts with existing key (x)=(1).')).toBeUndefined();
  });
});
