/**
 * After booking: cancel (frees the slot, offers it to the waitlist), reschedule (history kept),
 * check-in (Encounter), the no-show job, and the day list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../fhir/acting-context.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import { markNoShows } from './no-show-job.ts';
import { berlin, fieldsOf, futureMonday, morningAvailability, plusDays, startKit, type Kit } from './scheduling-test-kit.ts';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
  await k.availability('dr-berg', [morningAvailability('room-1')]);
  await k.availability('dr-kim', [morningAvailability('room-2')]);
}, 120_000);
afterAll(() => k?.stop());

const at = (hhmm: string, day = '2026-06-03') => `${day}T${hhmm}:00+02:00`;
const booked = async (body: Record<string, unknown>) => {
  const r = await k.book({ type: 'consultation', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

describe('cancel and reschedule', () => {
  it('cancel frees the slot for a second booking, and keeps who, when and why', async () => {
    const first = await booked({ patientId: 'pat-1', practitionerId: 'dr-berg', start: at('09:00') });
    const taken = await k.book({ patientId: 'pat-2', practitionerId: 'dr-berg', start: at('09:00'), type: 'consultation' });
    expect(taken.status).toBe(409);

    const noReason = await k.api('reception', 'POST', `/api/v1/appointments/${first.id}/cancel`, {});
    expect(noReason.status).toBe(422);
    expect(fieldsOf(noReason.body)).toEqual(['reason']);
    const c = await k.api('reception', 'POST', `/api/v1/appointments/${first.id}/cancel`, { reason: 'Patient called in sick' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.appointment).toMatchObject({ status: 'cancelled', cancelationReason: { text: 'Patient called in sick' } });

    const second = await k.book({ patientId: 'pat-2', practitionerId: 'dr-berg', start: at('09:00'), type: 'consultation' });
    expect(second.status, JSON.stringify(second.body)).toBe(201);

    const again = await k.api('reception', 'POST', `/api/v1/appointments/${first.id}/cancel`, { reason: 'twice' });
    expect(again.status).toBe(409);
    const h = await k.api('nurse', 'GET', `/api/v1/appointments/${first.id}/history`);
    expect(h.body.status).toBe('cancelled');
    expect(h.body.history.map((e: any) => [e.action, e.status, e.reason])).toEqual([
      ['booked', 'booked', undefined],
      ['cancelled', 'cancelled', 'Patient called in sick'],
    ]);
  });

  it('reschedule moves the appointment, keeps its history with the old times, and is guarded too', async () => {
    const a = await booked({ patientId: 'pat-3', practitionerId: 'dr-berg', start: at('11:00') });
    const r = await k.api('nurse', 'POST', `/api/v1/appointments/${a.id}/reschedule`, {
      start: at('11:20'),
      reason: 'Doctor running late',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: a.id, status: 'booked', start: '2026-06-03T09:20:00Z', end: '2026-06-03T09:40:00Z' });
    const h = await k.api('reception', 'GET', `/api/v1/appointments/${a.id}/history`);
    expect(h.body.history[1]).toMatchObject({
      action: 'rescheduled',
      status: 'booked',
      reason: 'Doctor running late',
      previousStart: '2026-06-03T09:00:00Z',
      previousEnd: '2026-06-03T09:20:00Z',
    });
    // The old time is free again, the new one taken.
    expect((await k.book({ patientId: 'pat-4', practitionerId: 'dr-berg', start: at('11:00'), type: 'consultation' })).status).toBe(201);
    const clash = await k.api('reception', 'POST', `/api/v1/appointments/${a.id}/reschedule`, { start: at('11:00'), reason: 'back' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toMatch(/Dr Anna Berg .* is already booked from 2026-06-03T11:00:00\+02:00/);
    const outside = await k.api('reception', 'POST', `/api/v1/appointments/${a.id}/reschedule`, {
      start: at('15:00'),
      reason: 'afternoon',
    });
    expect(outside.status).toBe(422);
    expect(fieldsOf(outside.body)).toEqual(['start']);
    const noReason = await k.api('reception', 'POST', `/api/v1/appointments/${a.id}/reschedule`, { start: at('11:40') });
    expect(fieldsOf(noReason.body)).toEqual(['reason']);
  });
});

describe('check-in and no-show', () => {
  it('check-in creates the Encounter and moves the appointment to arrived', async () => {
    const a = await booked({ patientId: 'pat-5', practitionerId: 'dr-kim', start: at('09:00'), reason: 'Palpitations' });
    const r = await k.api('nurse', 'POST', `/api/v1/appointments/${a.id}/check-in`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.appointment.status).toBe('arrived');
    expect(r.body.encounter).toMatchObject({
      resourceType: 'Encounter',
      status: 'arrived',
      class: { code: 'AMB' },
      subject: { reference: 'Patient/pat-5' },
      appointment: [{ reference: `Appointment/${a.id}` }],
      participant: [{ individual: { reference: 'Practitioner/dr-kim' } }],
      location: [{ location: { reference: 'Location/room-2' } }],
      reasonCode: [{ text: 'Palpitations' }],
    });
    const found = await k.s.fhir('GET', `Encounter?appointment=Appointment/${a.id}`);
    expect(found.body.entry).toHaveLength(1);
    const twice = await k.api('nurse', 'POST', `/api/v1/appointments/${a.id}/check-in`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already checked in/);
  });

  it('the front desk checks patients in (the Encounter is opened for it), and still cannot write Encounters itself', async () => {
    const a = await booked({ patientId: 'pat-6', practitionerId: 'dr-kim', start: at('09:20') });
    const r = await k.api('reception', 'POST', `/api/v1/appointments/${a.id}/check-in`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.appointment.status).toBe('arrived');
    expect((await k.s.fhir('GET', `Encounter/${r.body.encounter.id}`)).body.appointment).toEqual([{ reference: `Appointment/${a.id}` }]);
    // The Encounter opened for the front desk is in the trail under the receptionist's account, naming the step.
    const trail = await k.api('admin', 'GET', `/api/v1/audit/events?entity=Encounter/${r.body.encounter.id}&action=create`);
    expect(trail.body.events).toEqual([
      expect.objectContaining({
        roles: ['receptionist'],
        patient_ids: ['pat-6'],
        detail: expect.objectContaining({ purpose: 'check-in' }),
      }),
    ]);
    const direct = await k.api('reception', 'POST', '/fhir/R4/Encounter', {
      resourceType: 'Encounter',
      status: 'arrived',
      class: { code: 'AMB' },
    });
    expect(direct.status).toBe(403);
  });

  it('the no-show job marks a booked appointment past its grace period, not a checked-in one nor a future one', async () => {
    const missed = await booked({ patientId: 'pat-7', practitionerId: 'dr-kim', start: at('10:20') });
    const came = await booked({ patientId: 'pat-8', practitionerId: 'dr-kim', start: at('10:40') });
    const later = await booked({ patientId: 'pat-9', practitionerId: 'dr-kim', start: at('11:40') });
    expect((await k.api('nurse', 'POST', `/api/v1/appointments/${came.id}/check-in`)).status).toBe(200);
    const repo = new FhirRepository(k.s.hale.db, systemContext('no-show'), k.s.hale.guard);
    // 11:00 local: 10:20 + 15 minutes has passed; 11:40 is still ahead.
    const run = await markNoShows(repo, { now: new Date(at('11:00')), graceMinutes: 15 });
    expect(run.ran).toBe(true);
    expect(run.marked).toContain(missed.id);
    expect(run.marked).not.toContain(came.id);
    expect(run.marked).not.toContain(later.id);
    expect((await k.s.fhir('GET', `Appointment/${missed.id}`)).body.status).toBe('noshow');
    expect((await k.s.fhir('GET', `Appointment/${came.id}`)).body.status).toBe('arrived');
    expect((await k.s.fhir('GET', `Appointment/${later.id}`)).body.status).toBe('booked');
    const h = await k.api('reception', 'GET', `/api/v1/appointments/${missed.id}/history`);
    expect(h.body.history.at(-1)).toMatchObject({ action: 'no-show', status: 'noshow', by: 'system:no-show' });
    // The no-show frees the time.
    expect((await k.book({ patientId: 'pat-10', practitionerId: 'dr-kim', start: at('10:20'), type: 'consultation' })).status).toBe(201);
  });
});

describe('lists and waitlist', () => {
  it('lists a day for the reception desk with each status, in the room’s local time', async () => {
    const day = '2026-06-04';
    const a = await booked({ patientId: 'pat-11', practitionerId: 'dr-berg', start: at('09:00', day) });
    const b = await booked({ patientId: 'pat-12', practitionerId: 'dr-berg', start: at('09:20', day), reason: 'Check-up' });
    await k.api('reception', 'POST', `/api/v1/appointments/${b.id}/cancel`, { reason: 'Rebooked elsewhere' });
    const r = await k.api('reception', 'GET', `/api/v1/appointments?location=room-1&date=${day}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ timeZone: 'Europe/Berlin', from: '2026-06-03T22:00:00Z', to: '2026-06-04T22:00:00Z' });
    expect(r.body.appointments.map((x: any) => [x.id, x.status, x.startLocal, x.patient.display])).toEqual([
      [a.id, 'booked', '2026-06-04T09:00:00+02:00', 'Test Patient11'],
      [b.id, 'cancelled', '2026-06-04T09:20:00+02:00', 'Test Patient12'],
    ]);
    const byPatient = await k.api('reception', 'GET', `/api/v1/appointments?patient=pat-11&from=2026-06-01&to=2026-06-30`);
    expect(byPatient.body.appointments.map((x: any) => x.id)).toEqual([a.id]);
    const bad = await k.api('reception', 'GET', `/api/v1/appointments?date=04.06.2026&status=maybe`);
    expect(fieldsOf(bad.body)).toEqual(['date', 'status']);
  });

  it('offers a cancelled slot to the earliest matching waitlist entry, shown with the entry', async () => {
    const monday = futureMonday(2);
    const a = await booked({
      patientId: 'pat-20',
      practitionerId: 'dr-berg',
      start: berlin(monday, '10:20'),
      end: berlin(monday, '10:40'),
    });
    const add = (body: Record<string, unknown>) => k.api('reception', 'POST', '/api/v1/scheduling/waitlist', body);
    // Earliest, but only wants other dates.
    const other = await add({
      patientId: 'pat-21',
      practitionerId: 'dr-berg',
      from: plusDays(monday, 1),
      to: plusDays(monday, 4),
      note: 'Tue-Fri only',
    });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const first = await add({
      patientId: 'pat-22',
      practitionerId: 'dr-berg',
      from: monday,
      to: plusDays(monday, 14),
      note: 'Any morning',
    });
    const second = await add({ patientId: 'pat-23', practitionerId: 'dr-berg', note: 'Any time' });
    expect(first.body).toMatchObject({ status: 'waitlist', patient: { id: 'pat-22' }, from: monday, offer: null });
    const badEntry = await add({ patientId: 'pat-404', practitionerId: 'dr-berg', from: 'soon' });
    expect(badEntry.status).toBe(422);
    expect(fieldsOf(badEntry.body)).toEqual(['from']);

    const c = await k.api('reception', 'POST', `/api/v1/appointments/${a.id}/cancel`, { reason: 'Travelling' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.waitlistOffer).toMatchObject({ entryId: first.body.id, patientId: 'pat-22' });

    const list = await k.api('reception', 'GET', '/api/v1/scheduling/waitlist?practitioner=dr-berg');
    expect(list.status).toBe(200);
    expect(list.body.entries.map((e: any) => [e.id, e.offer?.status ?? null])).toEqual([
      [other.body.id, null],
      [first.body.id, 'proposed'],
      [second.body.id, null],
    ]);
    const offer = list.body.entries[1].offer;
    expect(offer).toMatchObject({
      id: c.body.waitlistOffer.offerId,
      start: (await k.s.fhir('GET', `Appointment/${a.id}`)).body.start,
      patient: { id: 'pat-22' },
    });
    const fhirOffer = await k.s.fhir('GET', `Appointment/${offer.id}`);
    expect(fhirOffer.body).toMatchObject({ status: 'proposed', supportingInformation: [{ reference: `Appointment/${first.body.id}` }] });
    expect(fhirOffer.body.participant[0]).toMatchObject({ actor: { reference: 'Patient/pat-22' }, status: 'needs-action' });
    // The offer holds no time: the slot can be booked.
    expect(
      (
        await k.book({
          patientId: 'pat-22',
          practitionerId: 'dr-berg',
          start: berlin(monday, '10:20'),
          end: berlin(monday, '10:40'),
          type: 'consultation',
        })
      ).status,
    ).toBe(201);
    // The next cancellation goes to the next entry without an offer.
    const b = await booked({ patientId: 'pat-24', practitionerId: 'dr-berg', start: berlin(monday, '11:00') });
    const c2 = await k.api('reception', 'POST', `/api/v1/appointments/${b.id}/cancel`, { reason: 'Moved away' });
    expect(c2.body.waitlistOffer).toMatchObject({ entryId: second.body.id });
    expect((await k.api('reception', 'GET', '/api/v1/scheduling/waitlist')).status).toBe(422);
  });
});
