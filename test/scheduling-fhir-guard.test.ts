/**
 * The double-booking guard lives in the store, so it holds for FHIR writes too: POST, PUT,
 * PATCH and transaction Bundles of overlapping Appointments are refused 409 with an
 * OperationOutcome naming who is busy; cancelling or deleting frees the time; an overbook
 * extension goes outside the guard; an end before the start is a 422.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ HALE_NO_SHOW_INTERVAL_S: '0' });
  const seed = await s.fhir('POST', '', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { resource: { resourceType: 'Practitioner', id: 'doc' }, request: { method: 'PUT', url: 'Practitioner/doc' } },
      { resource: { resourceType: 'Location', id: 'room' }, request: { method: 'PUT', url: 'Location/room' } },
      ...['p1', 'p2', 'p3'].map((id) => ({ resource: { resourceType: 'Patient', id }, request: { method: 'PUT', url: `Patient/${id}` } })),
    ],
  });
  expect(seed.status).toBe(200);
});
afterAll(() => s?.stop());

const appointment = (patient: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Appointment',
  status: 'booked',
  start,
  end,
  participant: [
    { actor: { reference: `Patient/${patient}` }, status: 'accepted' },
    { actor: { reference: 'Practitioner/doc' }, status: 'accepted' },
    { actor: { reference: 'Location/room' }, status: 'accepted' },
  ],
  ...extra,
});

const message = (body: any) => body.issue.map((i: any) => i.diagnostics).join(' ');

describe('the guard on /fhir/R4', () => {
  it('refuses an overlapping POST, PUT and PATCH with 409 naming who and when', async () => {
    const first = await s.fhir('POST', 'Appointment', appointment('p1', '2026-08-03T08:00:00Z', '2026-08-03T08:30:00Z'));
    expect(first.status).toBe(201);

    const post = await s.fhir('POST', 'Appointment', appointment('p2', '2026-08-03T08:15:00Z', '2026-08-03T08:45:00Z'));
    expect(post.status).toBe(409);
    expect(post.body.resourceType).toBe('OperationOutcome');
    expect(message(post.body)).toContain(
      `Practitioner/doc is already booked from 2026-08-03T08:00:00Z to 2026-08-03T08:30:00Z (Appointment/${first.body.id})`,
    );

    const put = await s.fhir('PUT', 'Appointment/by-put', {
      ...appointment('p2', '2026-08-03T07:45:00+00:00', '2026-08-03T08:05:00Z'),
      id: 'by-put',
    });
    expect(put.status).toBe(409);
    expect(message(put.body)).toContain('already booked');

    // Next to it is fine; then a PATCH moving it onto the first is refused.
    const next = await s.fhir('PUT', 'Appointment/by-put', {
      ...appointment('p2', '2026-08-03T08:30:00Z', '2026-08-03T09:00:00Z'),
      id: 'by-put',
    });
    expect(next.status).toBe(201);
    const patch = await s.fhir('PATCH', 'Appointment/by-put', [{ op: 'replace', path: '/start', value: '2026-08-03T08:20:00Z' }]);
    expect(patch.status).toBe(409);
    expect((await s.fhir('GET', 'Appointment/by-put')).body.start).toBe('2026-08-03T08:30:00Z');
  });

  it('refuses a transaction Bundle that books the same patient twice at once, and writes none of it', async () => {
    const bundle = await s.fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: appointment('p3', '2026-08-04T08:00:00Z', '2026-08-04T08:30:00Z'), request: { method: 'POST', url: 'Appointment' } },
        {
          resource: {
            ...appointment('p3', '2026-08-04T08:10:00Z', '2026-08-04T08:20:00Z'),
            participant: [{ actor: { reference: 'Patient/p3' }, status: 'accepted' }],
          },
          request: { method: 'POST', url: 'Appointment' },
        },
      ],
    });
    expect(bundle.status).toBe(409);
    expect(message(bundle.body)).toContain('Patient/p3 is already booked');
    expect((await s.fhir('GET', 'Appointment?patient=Patient/p3&_summary=count')).body.total).toBe(0);
  });

  it('frees the time when an appointment is cancelled, deleted or declined by the participant', async () => {
    const a = await s.fhir('POST', 'Appointment', appointment('p1', '2026-08-05T08:00:00Z', '2026-08-05T08:30:00Z'));
    expect((await s.fhir('POST', 'Appointment', appointment('p2', '2026-08-05T08:00:00Z', '2026-08-05T08:30:00Z'))).status).toBe(409);
    expect((await s.fhir('PUT', `Appointment/${a.body.id}`, { ...a.body, status: 'cancelled' })).status).toBe(200);
    const b = await s.fhir('POST', 'Appointment', appointment('p2', '2026-08-05T08:00:00Z', '2026-08-05T08:30:00Z'));
    expect(b.status).toBe(201);
    expect((await s.fhir('DELETE', `Appointment/${b.body.id}`)).status).toBe(200);
    const c = await s.fhir('POST', 'Appointment', appointment('p3', '2026-08-05T08:00:00Z', '2026-08-05T08:30:00Z'));
    expect(c.status).toBe(201);
    // Un-cancelling the first is now refused: the time is taken.
    expect((await s.fhir('PUT', `Appointment/${a.body.id}`, { ...a.body, status: 'booked' })).status).toBe(409);
    // A participant who declined is not held: the practitioner and the room are free for someone else.
    const declined = appointment('p1', '2026-08-08T08:00:00Z', '2026-08-08T08:30:00Z');
    declined.participant = declined.participant.map((p) => (p.actor.reference === 'Patient/p1' ? p : { ...p, status: 'declined' }));
    expect((await s.fhir('POST', 'Appointment', declined)).status).toBe(201);
    expect((await s.fhir('POST', 'Appointment', appointment('p2', '2026-08-08T08:00:00Z', '2026-08-08T08:30:00Z'))).status).toBe(201);
  });

  it('lets an overbook-marked appointment through, and refuses an end before the start', async () => {
    await s.fhir('POST', 'Appointment', appointment('p1', '2026-08-06T08:00:00Z', '2026-08-06T08:30:00Z'));
    const over = await s.fhir(
      'POST',
      'Appointment',
      appointment('p2', '2026-08-06T08:00:00Z', '2026-08-06T08:30:00Z', {
        extension: [
          {
            url: 'https://hale.health/fhir/StructureDefinition/appointment-overbook',
            extension: [{ url: 'reason', valueString: 'Emergency' }],
          },
        ],
      }),
    );
    expect(over.status).toBe(201);
    const backwards = await s.fhir('POST', 'Appointment', appointment('p3', '2026-08-07T09:00:00Z', '2026-08-07T08:00:00Z'));
    expect(backwards.status).toBe(422);
    expect(backwards.body.issue[0].expression).toEqual(['Appointment.end']);
  });
});
