/**
 * Booking through the real server: the FHIR Appointment it writes, the fields it refuses,
 * the double-booking guard's 409 in words, and the overbook override with its audit record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reindexResources } from '../../fhir/store/reindex.ts';
import { fieldsOf, morningAvailability, startKit, type Kit } from './scheduling-test-kit.ts';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
  await k.availability('dr-berg', [morningAvailability('room-1', { serviceIds: ['svc-echo'] })]);
  await k.availability('dr-kim', [morningAvailability('room-2')]);
}, 120_000);
afterAll(() => k?.stop());

// Wednesday 6 May 2026, Berlin summer time (UTC+2).
const at = (hhmm: string, day = '2026-05-06') => `${day}T${hhmm}:00+02:00`;

describe('booking an appointment', () => {
  it('writes a booked FHIR Appointment with its participants, times in UTC and a history entry', async () => {
    const r = await k.book({
      patientId: 'pat-1',
      practitionerId: 'dr-berg',
      locationId: 'room-1',
      start: at('09:00'),
      type: 'follow-up',
      reason: 'Blood pressure review',
      priority: 'urgent',
      notes: 'Bring the home readings',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const a = r.body;
    expect(a).toMatchObject({
      resourceType: 'Appointment',
      status: 'booked',
      start: '2026-05-06T07:00:00Z',
      end: '2026-05-06T07:20:00Z',
      minutesDuration: 20,
      priority: 3,
      description: 'Blood pressure review',
      reasonCode: [{ text: 'Blood pressure review' }],
      comment: 'Bring the home readings',
      appointmentType: { coding: [{ code: 'follow-up' }, { system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: 'FOLLOWUP' }] },
      specialty: [{ coding: [{ code: '394579002' }] }],
    });
    expect(a.participant).toEqual([
      { actor: { reference: 'Patient/pat-1', display: 'Test Patient1' }, required: 'required', status: 'accepted' },
      expect.objectContaining({ actor: { reference: 'Practitioner/dr-berg', display: 'Dr Anna Berg' }, status: 'accepted' }),
      { actor: { reference: 'Location/room-1', display: 'Room 1' }, required: 'required', status: 'accepted' },
    ]);
    const read = await k.s.fhir('GET', `Appointment/${a.id}`);
    expect(read.body.status).toBe('booked');
    const h = await k.api('reception', 'GET', `/api/v1/appointments/${a.id}/history`);
    expect(h.body.history).toEqual([
      expect.objectContaining({ action: 'booked', status: 'booked', by: expect.any(String), at: expect.any(String) }),
    ]);
  });

  it('takes the length from the service when no end is given', async () => {
    const r = await k.book({ patientId: 'pat-2', practitionerId: 'dr-berg', serviceId: 'svc-echo', start: at('10:20'), type: 'procedure' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ end: '2026-05-06T09:00:00Z', minutesDuration: 40, serviceType: [{ coding: [{ code: '40701008' }] }] });
    const wrongType = await k.book({
      patientId: 'pat-3',
      practitionerId: 'dr-berg',
      serviceId: 'svc-echo',
      start: at('11:20'),
      type: 'consultation',
    });
    expect(wrongType.status).toBe(422);
    expect(fieldsOf(wrongType.body)).toEqual(['type']);
  });

  it('refuses a second booking of the practitioner, the room or the patient, naming who and when', async () => {
    const clash = await k.book({
      patientId: 'pat-4',
      practitionerId: 'dr-berg',
      start: at('09:10'),
      end: at('09:30'),
      type: 'consultation',
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('conflict');
    expect(clash.body.error.message).toMatch(
      /^Double booking refused: The practitioner Dr Anna Berg \(Practitioner\/dr-berg\) is already booked from 2026-05-06T09:00:00\+02:00 to 2026-05-06T09:20:00\+02:00 \(Europe\/Berlin\) by Appointment\//,
    );
    expect(fieldsOf(clash.body)).toEqual(['practitionerId']);

    // Same patient, other practitioner, overlapping time.
    const patient = await k.book({ patientId: 'pat-1', practitionerId: 'dr-kim', start: at('09:00'), type: 'consultation' });
    expect(patient.status).toBe(409);
    expect(patient.body.error.message).toMatch(/The patient Test Patient1 \(Patient\/pat-1\) is already booked/);
    expect(fieldsOf(patient.body)).toEqual(['patientId']);

    // Same room, other practitioner.
    await k.availability('dr-kim', [morningAvailability('room-2'), morningAvailability('room-1')]);
    const room = await k.book({
      patientId: 'pat-5',
      practitionerId: 'dr-kim',
      locationId: 'room-1',
      start: at('09:00'),
      type: 'consultation',
    });
    expect(room.status).toBe(409);
    expect(room.body.error.message).toMatch(/The room Room 1 \(Location\/room-1\) is already booked/);
  });

  it('refuses times outside availability and bad fields with 422 naming the field', async () => {
    const outside = await k.book({ patientId: 'pat-6', practitionerId: 'dr-berg', start: at('13:00'), type: 'consultation' });
    expect(outside.status).toBe(422);
    expect(fieldsOf(outside.body)).toEqual(['start']);
    expect(outside.body.error.message).toMatch(/outside the availability of Dr Anna Berg/);
    const inBreak = await k.book({ patientId: 'pat-6', practitionerId: 'dr-berg', start: at('10:00'), type: 'consultation' });
    expect(fieldsOf(inBreak.body)).toEqual(['start']);

    const endBeforeStart = await k.book({
      patientId: 'pat-6',
      practitionerId: 'dr-berg',
      start: at('11:00'),
      end: at('10:40'),
      type: 'consultation',
    });
    expect(endBeforeStart.status).toBe(422);
    expect(fieldsOf(endBeforeStart.body)).toEqual(['end']);

    const unknown = await k.book({
      patientId: 'pat-404',
      practitionerId: 'dr-nobody',
      locationId: 'room-404',
      start: at('11:00'),
      type: 'consultation',
    });
    expect(unknown.status).toBe(422);
    expect(fieldsOf(unknown.body)).toEqual(['patientId', 'practitionerId', 'locationId']);

    const shape = await k.book({ patientId: 'pat-6', start: 'tomorrow', type: 'checkup', priority: 'high', colour: 'red' });
    expect(shape.status).toBe(422);
    expect(fieldsOf(shape.body).sort()).toEqual(['colour', 'practitionerId', 'priority', 'start', 'type']);
  });

  it('refuses a deceased or inactive patient, for a booking and a waiting-list place, naming patientId', async () => {
    const status = (id: string, action: string, body: unknown) => k.api('admin', 'POST', `/api/v1/patients/${id}/${action}`, body);
    expect((await status('pat-51', 'deceased', { dateTime: '2026-01-10T08:00:00Z' })).status).toBe(200);
    expect((await status('pat-52', 'deactivate', { reason: 'registered twice by mistake' })).status).toBe(200);
    const waitlist = (patientId: string) =>
      k.api('reception', 'POST', '/api/v1/scheduling/waitlist', { patientId, practitionerId: 'dr-kim', type: 'consultation' });
    for (const [patientId, reason] of [
      ['pat-51', /is deceased \(died 2026-01-10\): Patient\/pat-51 cannot be booked/],
      ['pat-52', /is an inactive record: reactivate Patient\/pat-52/],
    ] as const) {
      const booking = await k.book({ patientId, practitionerId: 'dr-kim', start: at('09:20', '2026-05-20'), type: 'consultation' });
      expect(booking.status, patientId).toBe(422);
      expect(fieldsOf(booking.body), patientId).toEqual(['patientId']);
      expect(JSON.stringify(booking.body.error.details), patientId).toMatch(reason);
      const place = await waitlist(patientId);
      expect(place.status, patientId).toBe(422);
      expect(fieldsOf(place.body), patientId).toEqual(['patientId']);
    }
    // Nothing was written for either of them.
    const listed = await k.s.fhir('GET', 'Appointment?patient=Patient/pat-51,Patient/pat-52');
    expect(listed.body.total).toBe(0);
    // Brought back, the record books again.
    expect((await status('pat-52', 'reactivate', {})).status).toBe(200);
    expect(
      (await k.book({ patientId: 'pat-52', practitionerId: 'dr-kim', start: at('09:20', '2026-05-20'), type: 'consultation' })).status,
    ).toBe(201);
  });

  it('refuses to move the appointment of a patient who has since died; cancelling it still works', async () => {
    // An appointment before the death is not cancelled with the death (what lies after it is).
    const booking = await k.book({ patientId: 'pat-53', practitionerId: 'dr-kim', start: at('10:20', '2026-05-20'), type: 'consultation' });
    expect(booking.status, JSON.stringify(booking.body)).toBe(201);
    const id = booking.body.id as string;
    const death = await k.api('admin', 'POST', '/api/v1/patients/pat-53/deceased', { dateTime: '2026-05-25T06:00:00Z' });
    expect(death.status).toBe(200);
    expect(death.body.cancelledAppointments).toEqual([]);
    const moved = await k.api('reception', 'POST', `/api/v1/appointments/${id}/reschedule`, {
      start: at('10:40', '2026-05-20'),
      reason: 'later',
    });
    expect(moved.status).toBe(422);
    expect(fieldsOf(moved.body)).toEqual(['appointment']);
    expect(moved.body.error.details[0].message).toMatch(/Patient\/pat-53 is deceased \(died 2026-05-25\).*cancel it instead/);
    const cancelled = await k.api('reception', 'POST', `/api/v1/appointments/${id}/cancel`, { reason: 'Patient deceased' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
  });

  it('overbooks with an explicit reason, outside the guard, and audits the override', async () => {
    const refused = await k.book({ patientId: 'pat-7', practitionerId: 'dr-berg', start: at('09:00'), type: 'emergency', overbook: {} });
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused.body)).toEqual(['overbook.reason']);

    const r = await k.book({
      patientId: 'pat-7',
      practitionerId: 'dr-berg',
      start: at('09:00'),
      type: 'emergency',
      overbook: { reason: 'Chest pain walk-in' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.extension).toContainEqual(
      expect.objectContaining({
        url: 'https://hale.health/fhir/StructureDefinition/appointment-overbook',
        extension: expect.arrayContaining([{ url: 'reason', valueString: 'Chest pain walk-in' }]),
      }),
    );
    // Outside availability too (an evening walk-in).
    const evening = await k.book({
      patientId: 'pat-8',
      practitionerId: 'dr-berg',
      start: at('19:00'),
      type: 'emergency',
      overbook: { reason: 'Walk-in after hours' },
    });
    expect(evening.status, JSON.stringify(evening.body)).toBe(201);

    const audit = await k.api('admin', 'GET', '/api/v1/audit/events?action=appointment-overbook');
    expect(audit.status).toBe(200);
    const mine = audit.body.events.find((e: any) => e.resource_id === r.body.id);
    expect(mine).toBeDefined();
    expect(JSON.stringify(mine)).toContain('Chest pain walk-in');

    // The overbooked time is still shown as taken in the slot list.
    const slots = await k.api('reception', 'GET', '/api/v1/scheduling/slots?practitioner=dr-berg&from=2026-05-06&to=2026-05-06');
    expect(slots.body.slots.map((s: any) => s.startLocal.slice(11, 16))).not.toContain('09:00');
  });
});

describe('the double-booking guard after a rebuild', () => {
  it('hale reindex puts back the busy rows of a database that lost them, and the guard holds again', async () => {
    const first = await k.book({ patientId: 'pat-40', practitionerId: 'dr-kim', start: at('11:00', '2026-05-13'), type: 'consultation' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const db = k.s.hale.db;
    const rowsOf = async () =>
      (
        await db.query<{ actor: string }>('SELECT actor FROM appointment_busy WHERE resource_id = $1 ORDER BY actor', [first.body.id])
      ).rows.map((r) => r.actor);
    const before = await rowsOf();
    expect(before).toEqual(['Location/room-2', 'Patient/pat-40', 'Practitioner/dr-kim']);
    // A restore or an import that bypassed the guard's table.
    await db.query('DELETE FROM appointment_busy WHERE resource_id = $1', [first.body.id]);
    await reindexResources({ db, types: ['Appointment'] });
    expect(await rowsOf()).toEqual(before);
    const second = await k.book({ patientId: 'pat-41', practitionerId: 'dr-kim', start: at('11:00', '2026-05-13'), type: 'consultation' });
    expect(second.status, JSON.stringify(second.body)).toBe(409);
  });
});
