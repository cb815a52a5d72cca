/**
 * Free slots computed on demand: weekly rules minus breaks, exceptions and booked time, in the
 * location's zone, across a daylight-saving change; and bookings on each side of the change
 * stored in UTC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceValidationIssues } from '../../fhir/validation/validate-resource.ts';
import { fieldsOf, futureMonday, morningAvailability, plusDays, startKit, type Kit } from './scheduling-test-kit.ts';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
  await k.availability('dr-berg', [
    morningAvailability('room-1', { exceptions: [{ from: '2026-04-03', reason: 'Good Friday' }], serviceIds: ['svc-echo'] }),
  ]);
  await k.availability('dr-kim', [
    morningAvailability('room-ny', {
      rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO', start: '09:00', durationMinutes: 60 }],
      breaks: [],
      slotMinutes: 30,
    }),
  ]);
}, 120_000);
afterAll(() => k?.stop());

const slots = (query: string) => k.api('reception', 'GET', `/api/v1/scheduling/slots?${query}`);
const localTimes = (list: any[]) => list.map((s) => s.startLocal.slice(0, 16).replace('T', ' '));

describe('free slots', () => {
  it('gives Mon-Fri 09:00-12:00 in 20-minute slots, without the 10:00 break or the holiday', async () => {
    const r = await slots('practitioner=dr-berg&from=2026-04-02&to=2026-04-06');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const day = ['09:00', '09:20', '09:40', '10:20', '10:40', '11:00', '11:20', '11:40'];
    expect(localTimes(r.body.slots)).toEqual([...day.map((t) => `2026-04-02 ${t}`), ...day.map((t) => `2026-04-06 ${t}`)]);
    expect(r.body.slots[0]).toEqual({
      start: '2026-04-02T07:00:00Z',
      end: '2026-04-02T07:20:00Z',
      startLocal: '2026-04-02T09:00:00+02:00',
      endLocal: '2026-04-02T09:20:00+02:00',
      timeZone: 'Europe/Berlin',
      practitioner: { id: 'dr-berg', display: 'Dr Anna Berg' },
      location: { id: 'room-1', display: 'Room 1' },
      scheduleId: expect.stringMatching(/^avail-/),
    });
  });

  it('keeps 09:00 local across the 2026-03-29 change: 08:00Z before, 07:00Z after', async () => {
    const r = await slots('practitioner=dr-berg&location=room-1&from=2026-03-27&to=2026-03-30');
    const firsts = r.body.slots.filter((s: any) => s.startLocal.slice(11, 16) === '09:00');
    expect(firsts.map((s: any) => [s.startLocal, s.start])).toEqual([
      ['2026-03-27T09:00:00+01:00', '2026-03-27T08:00:00Z'],
      ['2026-03-30T09:00:00+02:00', '2026-03-30T07:00:00Z'],
    ]);
  });

  it('stores bookings on each side of the change in UTC, and leaves their slots out', async () => {
    const before = await k.book({
      patientId: 'pat-1',
      practitionerId: 'dr-berg',
      start: '2026-03-27T09:00:00+01:00',
      type: 'consultation',
    });
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    expect(before.body).toMatchObject({ start: '2026-03-27T08:00:00Z', end: '2026-03-27T08:20:00Z', minutesDuration: 20 });
    const after = await k.book({ patientId: 'pat-2', practitionerId: 'dr-berg', start: '2026-03-30T09:00:00+02:00', type: 'consultation' });
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    expect(after.body).toMatchObject({ start: '2026-03-30T07:00:00Z', end: '2026-03-30T07:20:00Z' });
    // The room was taken from the schedule the time falls in.
    expect(after.body.participant.map((p: any) => p.actor.reference)).toEqual(['Patient/pat-2', 'Practitioner/dr-berg', 'Location/room-1']);

    const r = await slots('practitioner=dr-berg&from=2026-03-27&to=2026-03-30');
    expect(localTimes(r.body.slots).filter((t) => t.endsWith('09:00'))).toEqual([]);
    expect(localTimes(r.body.slots)).toContain('2026-03-30 09:20');
    const list = await k.api('reception', 'GET', '/api/v1/appointments?practitioner=dr-berg&date=2026-03-30');
    expect(list.body.appointments.map((a: any) => [a.start, a.startLocal])).toEqual([
      ['2026-03-30T07:00:00Z', '2026-03-30T09:00:00+02:00'],
    ]);
  });

  it('lays slots of a service as long as the service, and finds the earliest free one', async () => {
    const r = await slots('service=svc-echo&from=2026-04-06&to=2026-04-06');
    expect(localTimes(r.body.slots).map((t) => t.slice(11))).toEqual(['09:00', '09:20', '10:20', '10:40', '11:00', '11:20']);
    expect(r.body.slots[0].endLocal).toBe('2026-04-06T09:40:00+02:00');
    expect(r.body.slots[0].serviceId).toBe('svc-echo');

    const earliest = await slots('specialty=394579002&earliest=true&from=2026-04-03T00:00:00Z');
    expect(earliest.body.slots).toHaveLength(1);
    expect(earliest.body.slots[0].startLocal).toBe('2026-04-06T09:00:00+02:00');
  });

  it('works in each location’s own zone', async () => {
    const monday = futureMonday();
    const r = await slots(`location=room-ny&from=${monday}&to=${plusDays(monday, 6)}`);
    expect(localTimes(r.body.slots)).toEqual([`${monday} 09:00`, `${monday} 09:30`]);
    expect(r.body.slots[0].timeZone).toBe('America/New_York');
    expect(r.body.slots[0].startLocal).toMatch(/-0[45]:00$/);
  });

  it('names bad parameters', async () => {
    const r = await slots('practitioner=dr-nobody&from=2026-04-10&to=2026-04-01');
    expect(r.status).toBe(422);
    expect(fieldsOf(r.body)).toEqual(['to', 'practitioner']);
    const wide = await slots('from=2026-01-01&to=2026-12-31');
    expect(fieldsOf(wide.body)).toEqual(['to']);
    const badDate = await slots('from=yesterday');
    expect(fieldsOf(badDate.body)).toEqual(['from']);
  });

  it('gives the same slots as FHIR Slot resources on request, valid R4, with stable ids', async () => {
    const plain = await slots('practitioner=dr-berg&from=2026-04-02&to=2026-04-02');
    const fhir = await slots('practitioner=dr-berg&from=2026-04-02&to=2026-04-02&format=fhir');
    expect(fhir.status, JSON.stringify(fhir.body)).toBe(200);
    expect(fhir.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: plain.body.slots.length });
    const first = fhir.body.entry[0].resource;
    expect(first).toMatchObject({
      resourceType: 'Slot',
      status: 'free',
      start: '2026-04-02T07:00:00Z',
      end: '2026-04-02T07:20:00Z',
      schedule: { reference: `Schedule/${plain.body.slots[0].scheduleId}` },
    });
    for (const e of fhir.body.entry) expect(resourceValidationIssues(e.resource)).toEqual([]);
    const again = await slots('practitioner=dr-berg&from=2026-04-02&to=2026-04-02&format=fhir');
    expect(again.body.entry.map((e: any) => e.resource.id)).toEqual(fhir.body.entry.map((e: any) => e.resource.id));
    expect(fieldsOf((await slots('practitioner=dr-berg&format=xml')).body)).toEqual(['format']);
  });
});
