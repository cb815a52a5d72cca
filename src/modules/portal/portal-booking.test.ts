/**
 * Patient self-booking through the real server: a patient account books, moves and cancels
 * its own appointments within the service's online rules; the refusals say why; another
 * patient's appointment does not exist for it; the writes are the patient's in the status
 * history and the audit trail; staff cannot use the portal endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../access/accounts.ts';
import { call, login } from '../../../test/support/api-client.ts';
import { berlin, fieldsOf, futureMonday, morningAvailability, PASSWORD, startKit, type Kit } from '../scheduling/scheduling-test-kit.ts';
import { portalBookingExtension, portalRules } from './portal-rules.ts';

let k: Kit;
const patients: Record<'one' | 'two', { token: string; userId: string }> = {} as never;
const monday = futureMonday(1);

beforeAll(async () => {
  k = await startKit();
  const service = await k.s.fhir('PUT', 'HealthcareService/svc-portal', {
    resourceType: 'HealthcareService',
    id: 'svc-portal',
    active: true,
    name: 'General consultation',
    extension: [
      {
        url: 'https://hale.health/fhir/StructureDefinition/service-duration',
        valueDuration: { value: 20, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' },
      },
      ...['consultation', 'follow-up', 'telemedicine', 'emergency', 'procedure'].map((t) => ({
        url: 'https://hale.health/fhir/StructureDefinition/service-appointment-type',
        valueCode: t,
      })),
      portalBookingExtension({
        enabled: true,
        minNoticeHours: 2,
        maxDaysAhead: 60,
        cancelCutoffHours: 24,
        appointmentTypes: ['consultation', 'follow-up', 'telemedicine'],
      }),
    ],
  });
  expect(service.status, JSON.stringify(service.body)).toBeLessThan(300);
  await k.availability('dr-berg', [morningAvailability('room-1', { serviceIds: ['svc-portal', 'svc-echo'] })]);
  await k.availability('dr-kim', [morningAvailability('room-2', { serviceIds: ['svc-portal'] })]);
  for (const [who, patientId] of [
    ['one', 'pat-1'],
    ['two', 'pat-2'],
  ] as const) {
    const { user } = await createUser(
      k.s.hale.db,
      { username: `patient-${who}`, roles: ['patient'], password: PASSWORD, patientId },
      false,
    );
    const r = await login(k.s.url, `patient-${who}`, PASSWORD);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    patients[who] = { token: r.body.accessToken, userId: user.id };
  }
}, 120_000);
afterAll(() => k?.stop());

const as = (who: 'one' | 'two', method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(k.s.url, method, path, patients[who].token, body, headers);
const book = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  as('one', 'POST', '/api/v1/portal/appointments', { serviceId: 'svc-portal', practitionerId: 'dr-berg', ...body }, headers);
const history = async (id: string) => (await k.api('reception', 'GET', `/api/v1/appointments/${id}/history`)).body.history;

describe('portal booking', () => {
  it('lists the services open online with their rules, and free slots within the window the rules allow', async () => {
    const s = await as('one', 'GET', '/api/v1/portal/services');
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.services.map((x: { id: string }) => x.id)).toEqual(['svc-portal']);
    expect(s.body.services[0]).toMatchObject({
      name: 'General consultation',
      durationMinutes: 20,
      rules: {
        minNoticeHours: 2,
        maxDaysAhead: 60,
        cancelCutoffHours: 24,
        appointmentTypes: ['consultation', 'follow-up', 'telemedicine'],
      },
      practitioners: [
        { id: 'dr-berg', display: 'Dr Anna Berg' },
        { id: 'dr-kim', display: 'Dr Jun Kim' },
      ],
      locations: [
        { id: 'room-1', timeZone: 'Europe/Berlin' },
        { id: 'room-2', timeZone: 'Europe/Berlin' },
      ],
    });

    // The patient is busy elsewhere at 09:40: that time is not offered.
    expect(
      (await k.book({ patientId: 'pat-1', practitionerId: 'dr-kim', start: berlin(monday, '09:40'), type: 'consultation' })).status,
    ).toBe(201);
    const day = await as('one', 'GET', `/api/v1/portal/slots?serviceId=svc-portal&practitionerId=dr-berg&from=${monday}&to=${monday}`);
    expect(day.status, JSON.stringify(day.body)).toBe(200);
    expect(day.body.slots[0]).toMatchObject({ start: berlin(monday, '09:00'), end: berlin(monday, '09:20'), timeZone: 'Europe/Berlin' });
    expect(day.body.slots.every((x: { practitioner: { id: string } }) => x.practitioner.id === 'dr-berg')).toBe(true);
    const starts = day.body.slots.map((x: { start: string }) => x.start);
    expect(starts).toContain(berlin(monday, '09:20'));
    expect(starts).not.toContain(berlin(monday, '09:40'));

    // Asked from long ago to far ahead: clamped to now + 2 h .. now + 60 days.
    const now = Date.now();
    const wide = await as('one', 'GET', '/api/v1/portal/slots?serviceId=svc-portal&from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z');
    expect(wide.status, JSON.stringify(wide.body)).toBe(200);
    expect(wide.body.slots).toEqual([]);
    expect(Date.parse(wide.body.bookableFrom) - now).toBeGreaterThanOrEqual(2 * 3_600_000 - 60_000);
    const late = new Date(now + 58 * 86_400_000).toISOString();
    const far = await as(
      'one',
      'GET',
      `/api/v1/portal/slots?serviceId=svc-portal&from=${late}&to=${new Date(now + 80 * 86_400_000).toISOString()}`,
    );
    expect(far.status, JSON.stringify(far.body)).toBe(200);
    expect(Date.parse(far.body.to)).toBeLessThanOrEqual(now + 60 * 86_400_000 + 60_000);
    expect(far.body.slots.every((x: { start: string }) => Date.parse(x.start) < Date.parse(far.body.to))).toBe(true);

    const closed = await as('one', 'GET', '/api/v1/portal/slots?serviceId=svc-echo');
    expect(closed.status).toBe(422);
    expect(fieldsOf(closed.body)).toEqual(['serviceId']);
  });

  it('books within the rules, as the patient in the status history and the audit trail', async () => {
    const r = await book({ start: berlin(monday, '09:00'), reason: 'Persistent cough' }, { 'x-request-id': 'portal-book-1' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const a = r.body.appointment;
    expect(a).toMatchObject({
      status: 'booked',
      start: berlin(monday, '09:00'),
      end: berlin(monday, '09:20'),
      timeZone: 'Europe/Berlin',
      practitioner: { id: 'dr-berg' },
      location: { id: 'room-1' },
      service: { id: 'svc-portal', display: 'General consultation' },
      type: 'consultation',
      reason: 'Persistent cough',
      canCancel: true,
      canReschedule: true,
    });
    const fhir = await k.s.fhir('GET', `Appointment/${a.id}`);
    expect(fhir.body.participant[0].actor.reference).toBe('Patient/pat-1');
    expect(await history(a.id)).toEqual([expect.objectContaining({ action: 'booked', by: patients.one.userId })]);
    const audit = await call(k.s.url, 'GET', `/api/v1/audit/events?entity=Appointment/${a.id}&action=create`, k.s.adminToken);
    expect(audit.body.events).toEqual([
      expect.objectContaining({ user_id: patients.one.userId, request_id: 'portal-book-1', roles: ['patient'], patient_ids: ['pat-1'] }),
    ]);
    const mine = await as('one', 'GET', '/api/v1/portal/appointments');
    expect(mine.body.upcoming.map((x: { id: string }) => x.id)).toContain(a.id);

    // The role table is unchanged: no Appointment written by a patient through FHIR.
    const direct = await as('one', 'POST', '/fhir/R4/Appointment', { ...fhir.body, id: undefined, meta: undefined });
    expect(direct.status).toBe(403);
  });

  it('refuses what the rules do not allow, saying why', async () => {
    const soon = new Date(Date.now() + 3_600_000);
    soon.setUTCMinutes(0, 0, 0);
    const tooSoon = await book({ start: soon.toISOString() });
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body.error.details).toEqual([{ field: 'start', message: expect.stringMatching(/needs at least 2 hours' notice/) }]);

    const tooFar = await book({ start: berlin(futureMonday(10), '09:00') });
    expect(tooFar.status).toBe(422);
    expect(tooFar.body.error.details).toEqual([{ field: 'start', message: expect.stringMatching(/open up to 60 days ahead/) }]);

    const notOnline = await book({ serviceId: 'svc-echo', start: berlin(monday, '11:00') });
    expect(notOnline.status).toBe(422);
    expect(notOnline.body.error.details).toEqual([
      { field: 'serviceId', message: 'Echocardiogram cannot be booked online; call the clinic to book it.' },
    ]);

    for (const type of ['emergency', 'procedure']) {
      const r = await book({ start: berlin(monday, '11:00'), type });
      expect(r.status, type).toBe(422);
      expect(fieldsOf(r.body)).toEqual(['type']);
    }
    const offHours = await book({ start: berlin(monday, '10:00') });
    expect(offHours.status).toBe(422);
    expect(fieldsOf(offHours.body)).toEqual(['start']);

    // A time taken meanwhile: the store's double-booking guard answers.
    expect(
      (await k.book({ patientId: 'pat-3', practitionerId: 'dr-berg', start: berlin(monday, '11:20'), type: 'consultation' })).status,
    ).toBe(201);
    const taken = await book({ start: berlin(monday, '11:20') });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/Double booking refused/);
  });

  it("does not show, move or cancel another patient's appointment", async () => {
    const other = await k.book({
      patientId: 'pat-2',
      practitionerId: 'dr-kim',
      serviceId: 'svc-portal',
      start: berlin(monday, '09:00'),
      type: 'consultation',
    });
    expect(other.status).toBe(201);
    const id = other.body.id;
    expect((await as('one', 'POST', `/api/v1/portal/appointments/${id}/cancel`, { reason: 'Not mine' })).status).toBe(404);
    expect((await as('one', 'POST', `/api/v1/portal/appointments/${id}/reschedule`, { start: berlin(monday, '09:20') })).status).toBe(404);
    const mine = await as('one', 'GET', '/api/v1/portal/appointments');
    expect([...mine.body.upcoming, ...mine.body.past].map((x: { id: string }) => x.id)).not.toContain(id);
    const theirs = await as('two', 'GET', '/api/v1/portal/appointments');
    expect(theirs.body.upcoming.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await history(id)).length).toBe(1);
  });

  it('refuses a cancellation after the cut-off, and says so in the list', async () => {
    const start = new Date(Date.now() + 5 * 3_600_000);
    start.setUTCMinutes(0, 0, 0);
    const r = await k.book({
      patientId: 'pat-1',
      practitionerId: 'dr-kim',
      locationId: 'room-2',
      serviceId: 'svc-portal',
      start: start.toISOString(),
      type: 'consultation',
      overbook: { reason: 'Fitted in by phone' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const listed = (await as('one', 'GET', '/api/v1/portal/appointments')).body.upcoming.find((x: { id: string }) => x.id === r.body.id);
    expect(listed).toMatchObject({
      canCancel: false,
      canReschedule: false,
      notChangeableReason: expect.stringMatching(/closes 24 hours before/),
    });
    const cancel = await as('one', 'POST', `/api/v1/portal/appointments/${r.body.id}/cancel`, { reason: 'Feeling better' });
    expect(cancel.status).toBe(422);
    expect(cancel.body.error.details).toEqual([
      { field: 'appointment', message: 'Online booking closes 24 hours before the start; call the clinic to cancel it.' },
    ]);
  });

  it('moves an appointment keeping its history, then cancels it, both as the patient', async () => {
    const booked = await book({ practitionerId: 'dr-kim', start: berlin(monday, '09:20') });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const id = booked.body.appointment.id;
    const moved = await as('one', 'POST', `/api/v1/portal/appointments/${id}/reschedule`, {
      start: berlin(monday, '11:00'),
      reason: 'Train times',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.appointment).toMatchObject({ id, status: 'booked', start: berlin(monday, '11:00'), end: berlin(monday, '11:20') });
    const tooFar = await as('one', 'POST', `/api/v1/portal/appointments/${id}/reschedule`, { start: berlin(futureMonday(10), '09:00') });
    expect(fieldsOf(tooFar.body)).toEqual(['start']);

    const cancelled = await as('one', 'POST', `/api/v1/portal/appointments/${id}/cancel`, { reason: 'Feeling better' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.appointment).toMatchObject({
      status: 'cancelled',
      canCancel: false,
      notChangeableReason: 'This appointment is cancelled.',
    });
    expect(await history(id)).toEqual([
      expect.objectContaining({ action: 'booked', by: patients.one.userId }),
      expect.objectContaining({
        action: 'rescheduled',
        by: patients.one.userId,
        reason: 'Train times',
        previousStart: berlin(monday, '09:20'),
      }),
      expect.objectContaining({ action: 'cancelled', by: patients.one.userId, reason: 'Feeling better' }),
    ]);
    const again = await as('one', 'POST', `/api/v1/portal/appointments/${id}/cancel`, { reason: 'Twice' });
    expect(again.status).toBe(409);
  });

  it('lets a proxy book for the patient it acts for', async () => {
    const rp = await k.s.fhir('PUT', 'RelatedPerson/rp-1', {
      resourceType: 'RelatedPerson',
      id: 'rp-1',
      patient: { reference: 'Patient/pat-5' },
      name: [{ family: 'Parent', given: ['Pia'] }],
    });
    expect(rp.status).toBeLessThan(300);
    const { user } = await createUser(
      k.s.hale.db,
      { username: 'proxy-pia', roles: ['patient'], password: PASSWORD, patientId: 'pat-5', relatedPersonId: 'rp-1' },
      false,
    );
    const token = (await login(k.s.url, 'proxy-pia', PASSWORD)).body.accessToken;
    const r = await call(k.s.url, 'POST', '/api/v1/portal/appointments', token, {
      serviceId: 'svc-portal',
      practitionerId: 'dr-berg',
      start: berlin(monday, '11:40'),
      patientId: 'pat-1',
    });
    // The patient comes from the session, never from the body.
    expect(fieldsOf(r.body)).toEqual(['patientId']);
    const ok = await call(k.s.url, 'POST', '/api/v1/portal/appointments', token, {
      serviceId: 'svc-portal',
      practitionerId: 'dr-berg',
      start: berlin(monday, '11:40'),
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await k.s.fhir('GET', `Appointment/${ok.body.appointment.id}`)).body.participant[0].actor.reference).toBe('Patient/pat-5');
    expect(await history(ok.body.appointment.id)).toEqual([expect.objectContaining({ action: 'booked', by: user.id })]);
  });

  it('reads the rules, closed to online booking unless a service opens itself clearly', () => {
    const svc = (extension: unknown[], extra: Record<string, unknown> = {}) =>
      ({ resourceType: 'HealthcareService', extension, ...extra }) as Parameters<typeof portalRules>[0];
    const typeExt = (t: string) => ({ url: 'https://hale.health/fhir/StructureDefinition/service-appointment-type', valueCode: t });
    expect(portalRules(svc([])).enabled).toBe(false);
    expect(portalRules(svc([portalBookingExtension({ enabled: false })])).enabled).toBe(false);
    expect(portalRules(svc([portalBookingExtension({ enabled: true })], { active: false })).enabled).toBe(false);
    expect(portalRules(svc([portalBookingExtension({ enabled: true })]))).toEqual({
      enabled: true,
      minNoticeHours: 0,
      maxDaysAhead: 90,
      cancelCutoffHours: 0,
      appointmentTypes: ['consultation', 'follow-up', 'telemedicine'],
    });
    // Only the service's own types, never an emergency; a procedure when listed.
    const listed = portalRules(
      svc([
        typeExt('procedure'),
        typeExt('emergency'),
        portalBookingExtension({ enabled: true, appointmentTypes: ['procedure', 'emergency', 'consultation'] }),
      ]),
    );
    expect(listed.appointmentTypes).toEqual(['procedure']);
    const unreadable = portalBookingExtension({ enabled: true });
    unreadable.extension!.push({ url: 'maxDaysAhead', valueInteger: -3 });
    expect(portalRules(svc([unreadable])).enabled).toBe(false);
    expect(portalRules(svc([portalBookingExtension({ enabled: true, minNoticeHours: 48, maxDaysAhead: 1 })])).enabled).toBe(false);
  });

  it('is for patients only', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/portal/services'],
      ['GET', '/api/v1/portal/appointments'],
      ['POST', '/api/v1/portal/appointments'],
    ]) {
      const r = await k.api('reception', method, path, method === 'POST' ? { serviceId: 'svc-portal' } : undefined);
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    expect((await call(k.s.url, 'GET', '/api/v1/portal/services')).status).toBe(401);
  });
});
