/**
 * After check-in: the clinician starts the consultation (Encounter in-progress, Appointment
 * checked-in) and completes the visit (Encounter finished, Appointment fulfilled), each with
 * its history entry; the front desk cannot do either; the no-show job leaves visits alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../fhir/acting-context.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import { markNoShows } from './no-show-job.ts';
import { morningAvailability, startKit, type Kit } from './scheduling-test-kit.ts';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
  await k.availability('dr-berg', [morningAvailability('room-1')]);
}, 120_000);
afterAll(() => k?.stop());

const day = '2026-06-10';
const at = (hhmm: string) => `${day}T${hhmm}:00+02:00`;
const book = async (patientId: string, hhmm: string) => {
  const r = await k.book({ patientId, practitionerId: 'dr-berg', start: at(hhmm), type: 'consultation', reason: 'Review' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
};
const post = (who: 'reception' | 'doctor' | 'nurse', id: string, step: string) => k.api(who, 'POST', `/api/v1/appointments/${id}/${step}`);

describe('start and complete a visit', () => {
  it('moves the Encounter and the Appointment together, step by step, with who and when', async () => {
    const id = await book('pat-1', '09:00');
    const early = await post('doctor', id, 'start');
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/check the patient in before starting/);

    expect((await post('reception', id, 'check-in')).status).toBe(200);
    const started = await post('doctor', id, 'start');
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.appointment.status).toBe('checked-in');
    const enc = started.body.encounter;
    expect(enc).toMatchObject({ status: 'in-progress', appointment: [{ reference: `Appointment/${id}` }] });
    expect(enc.statusHistory.map((h: any) => [h.status, !!h.period.end])).toEqual([
      ['arrived', true],
      ['in-progress', false],
    ]);
    expect((await post('doctor', id, 'start')).status).toBe(409);

    const done = await post('doctor', id, 'complete');
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.appointment.status).toBe('fulfilled');
    expect(done.body.encounter).toMatchObject({ id: enc.id, status: 'finished', period: { start: enc.period.start } });
    expect(done.body.encounter.period.end).toBeDefined();
    expect(done.body.encounter.location[0]).toMatchObject({ status: 'completed' });
    expect((await k.s.fhir('GET', `Encounter/${enc.id}`)).body.status).toBe('finished');
    expect((await post('doctor', id, 'complete')).status).toBe(409);

    const h = await k.api('reception', 'GET', `/api/v1/appointments/${id}/history`);
    expect(h.body.history.map((e: any) => [e.action, e.status])).toEqual([
      ['booked', 'booked'],
      ['checked-in', 'arrived'],
      ['started', 'checked-in'],
      ['completed', 'fulfilled'],
    ]);
    expect(h.body.history[2]).toMatchObject({ byPractitioner: 'Practitioner/dr-berg', reason: `Encounter/${enc.id}` });

    // The reception's day list shows each state.
    const list = await k.api('reception', 'GET', `/api/v1/appointments?practitioner=dr-berg&date=${day}`);
    expect(list.body.appointments.find((a: any) => a.id === id).status).toBe('fulfilled');
  });

  it('a visit nobody started completes straight from arrived; the front desk can do neither step', async () => {
    const id = await book('pat-2', '09:20');
    expect((await post('reception', id, 'check-in')).status).toBe(200);
    const desk = await post('reception', id, 'start');
    expect(desk.status).toBe(403);
    expect((await post('reception', id, 'complete')).status).toBe(403);
    expect((await k.s.fhir('GET', `Appointment/${id}`)).body.status).toBe('arrived');

    const done = await post('nurse', id, 'complete');
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.encounter.statusHistory.map((s: any) => s.status)).toEqual(['arrived', 'finished']);
    expect((await post('doctor', 'no-such-appointment', 'start')).status).toBe(404);
  });

  it('the no-show job leaves arrived, in-consultation and completed visits alone', async () => {
    const arrived = await book('pat-3', '10:20');
    const inside = await book('pat-4', '10:40');
    const finished = await book('pat-5', '11:00');
    const missed = await book('pat-6', '11:20');
    for (const id of [arrived, inside, finished]) expect((await post('reception', id, 'check-in')).status).toBe(200);
    expect((await post('doctor', inside, 'start')).status).toBe(200);
    expect((await post('doctor', finished, 'complete')).status).toBe(200);
    const repo = new FhirRepository(k.s.hale.db, systemContext('no-show'), k.s.hale.guard);
    const run = await markNoShows(repo, { now: new Date(at('12:30')), graceMinutes: 15 });
    expect(run.marked).toEqual([missed]);
    const statuses = await Promise.all(
      [arrived, inside, finished].map(async (id) => (await k.s.fhir('GET', `Appointment/${id}`)).body.status),
    );
    expect(statuses).toEqual(['arrived', 'checked-in', 'fulfilled']);
  });
});
