/**
 * Availability through the real server: stored as a FHIR Schedule, read back in the shape it
 * was given, and refused field by field when wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, morningAvailability, startKit, type Kit } from './scheduling-test-kit.ts';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
}, 120_000);
afterAll(() => k?.stop());

describe('defining availability', () => {
  it('stores one Schedule per practitioner and location, readable through FHIR, and gives it back', async () => {
    const saved = await k.availability('dr-berg', [
      morningAvailability('room-1', {
        exceptions: [{ from: '2026-12-24', to: '2026-12-26', reason: 'Christmas' }],
        serviceIds: ['svc-echo'],
      }),
    ]);
    expect(saved.practitioner).toEqual({ id: 'dr-berg', display: 'Dr Anna Berg' });
    expect(saved.locations).toHaveLength(1);
    const loc = saved.locations[0];
    expect(loc).toMatchObject({
      locationId: 'room-1',
      locationDisplay: 'Room 1',
      timeZone: 'Europe/Berlin',
      slotMinutes: 20,
      rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '09:00', durationMinutes: 180 }],
      breaks: [{ start: '10:00', end: '10:20' }],
      exceptions: [{ from: '2026-12-24', to: '2026-12-26', reason: 'Christmas' }],
      serviceIds: ['svc-echo'],
    });
    // No specialties given: the practitioner's roles supply them.
    expect(loc.specialties).toEqual([{ system: 'http://snomed.info/sct', code: '394579002', display: 'Cardiology' }]);

    const fhir = await k.s.fhir('GET', `Schedule/${loc.scheduleId}`);
    expect(fhir.status).toBe(200);
    expect(fhir.body.actor.map((a: any) => a.reference)).toEqual(['Practitioner/dr-berg', 'Location/room-1', 'HealthcareService/svc-echo']);
    expect(fhir.body.extension[0].url).toBe('https://hale.health/fhir/StructureDefinition/schedule-availability');
    const search = await k.s.fhir('GET', 'Schedule?actor=Location/room-1&specialty=394579002');
    expect(search.body.total ?? search.body.entry.length).toBe(1);

    const got = await k.api('nurse', 'GET', '/api/v1/scheduling/availability/dr-berg');
    expect(got.status).toBe(200);
    expect(got.body).toEqual(saved);
  });

  it('replaces the whole availability: a location left out becomes inactive', async () => {
    await k.availability('dr-kim', [morningAvailability('room-1'), morningAvailability('room-2')]);
    const after = await k.availability('dr-kim', [
      morningAvailability('room-2', { rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=TU', start: '14:00', end: '16:00' }] }),
    ]);
    expect(after.locations.map((l: any) => l.locationId)).toEqual(['room-2']);
    expect(after.locations[0].rules).toEqual([{ rrule: 'FREQ=WEEKLY;BYDAY=TU', start: '14:00', durationMinutes: 120 }]);
    const inactive = await k.s.fhir('GET', 'Schedule?actor=Practitioner/dr-kim&active=false');
    expect(inactive.body.entry.map((e: any) => e.resource.actor[1].reference)).toEqual(['Location/room-1']);
  });

  it('takes the zone from the request for a Location that has none, and refuses one that contradicts the Location', async () => {
    const ok = await k.availability('dr-kim', [morningAvailability('room-nozone', { timeZone: 'Asia/Tokyo' })]);
    expect(ok.locations[0].timeZone).toBe('Asia/Tokyo');
    const missing = await k.api('reception', 'PUT', '/api/v1/scheduling/availability/dr-kim', {
      locations: [morningAvailability('room-nozone')],
    });
    expect(missing.status).toBe(422);
    expect(fieldsOf(missing.body)).toEqual(['locations[0].timeZone']);
    const contradicts = await k.api('reception', 'PUT', '/api/v1/scheduling/availability/dr-kim', {
      locations: [morningAvailability('room-1', { timeZone: 'Asia/Tokyo' })],
    });
    expect(contradicts.status).toBe(422);
    expect(contradicts.body.error.message).toMatch(/Location\/room-1 is in Europe\/Berlin/);
  });

  it('names every bad field: RRULE, times, exceptions, unknown practitioner, location and service', async () => {
    const bad = await k.api('reception', 'PUT', '/api/v1/scheduling/availability/dr-berg', {
      locations: [
        {
          locationId: 'room-1',
          slotMinutes: 2,
          rules: [
            { rrule: 'FREQ=WEEKLY;BYDAY=XX', start: '09:00', durationMinutes: 60 },
            { rrule: 'FREQ=WEEKLY', start: '25:00', end: '10:00' },
          ],
          breaks: [{ start: '11:00', end: '10:00' }],
          exceptions: [{ from: '2026-05-02', to: '2026-05-01', reason: 'x' }, { from: '2026-05-02' }],
          timeZone: 'Mars/Olympus',
          colour: 'blue',
        },
      ],
    });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad.body).sort()).toEqual(
      [
        'locations[0].colour',
        'locations[0].timeZone',
        'locations[0].slotMinutes',
        'locations[0].rules[0].rrule',
        'locations[0].rules[1].start',
        'locations[0].breaks[0].end',
        'locations[0].exceptions[0].to',
        'locations[0].exceptions[1].reason',
      ].sort(),
    );
    expect(bad.body.error.details.find((d: any) => d.field === 'locations[0].rules[0].rrule').message).toMatch(/bad BYDAY 'XX'/);

    const unknown = await k.api('reception', 'PUT', '/api/v1/scheduling/availability/dr-nobody', {
      locations: [morningAvailability('room-404', { serviceIds: ['svc-404'] })],
    });
    expect(unknown.status).toBe(422);
    expect(fieldsOf(unknown.body)).toEqual(['practitionerId', 'locations[0].locationId', 'locations[0].serviceIds[0]']);
  });

  it('is refused to roles without scheduling write', async () => {
    const { createUser } = await import('../../access/accounts.ts');
    const { login, call } = await import('../../../test/support/api-client.ts');
    await createUser(k.s.hale.db, { username: 'labby', roles: ['lab'], password: 'a long and unusual passphrase 7' }, false);
    const token = (await login(k.s.url, 'labby', 'a long and unusual passphrase 7')).body.accessToken;
    const r = await call(k.s.url, 'PUT', '/api/v1/scheduling/availability/dr-berg', token, { locations: [morningAvailability('room-1')] });
    expect(r.status).toBe(403);
  });
});
