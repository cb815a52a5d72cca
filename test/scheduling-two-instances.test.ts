/**
 * Two Hale servers on one PostgreSQL database (the same schema), as behind a load balancer:
 * 25 bookings of one slot sent to each at the same moment. The guard is the database's
 * exclusion constraint, so exactly one of the 50 wins, whichever server it reached.
 * PostgreSQL only: the embedded engine is one process by design.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/api-client.ts';
import { dropSchema, startTestServer, testDatabaseUrl, uniqueSchema, type TestServer } from './support/test-server.ts';
import { clinicBundle, morningAvailability } from '../src/modules/scheduling/scheduling-test-kit.ts';
import { systemContext } from '../src/fhir/acting-context.ts';
import { FhirRepository } from '../src/fhir/store/repository.ts';
import { markNoShows } from '../src/modules/scheduling/no-show-job.ts';

const onPostgres = testDatabaseUrl() !== undefined;
const schema = uniqueSchema();
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  if (!onPostgres) return;
  a = await startTestServer({ HALE_DB_SCHEMA: schema, HALE_NO_SHOW_INTERVAL_S: '0' });
  // The second server finds the schema migrated and the administrator made.
  b = await startTestServer({ HALE_DB_SCHEMA: schema, HALE_NO_SHOW_INTERVAL_S: '0' });
  const seed = await a.fhir('POST', '', clinicBundle(50));
  expect(seed.status).toBe(200);
  const r = await call(a.url, 'PUT', '/api/v1/scheduling/availability/dr-berg', a.adminToken, {
    locations: [morningAvailability('room-1')],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}, 180_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  if (onPostgres) await dropSchema(schema);
});

describe.skipIf(!onPostgres)('two servers, one database', () => {
  it('2 x 25 concurrent bookings of one slot: exactly one wins across both servers', async () => {
    const start = '2026-09-01T09:00:00+02:00';
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const server = i % 2 ? b : a;
        return call(server.url, 'POST', '/api/v1/appointments', server.adminToken, {
          patientId: `pat-${i + 1}`,
          practitionerId: 'dr-berg',
          start,
          type: 'consultation',
        }).then((r) => ({ ...r, server: i % 2 ? 'b' : 'a' }));
      }),
    );
    const won = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 409);
    expect(results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(49);
    // Losers on both servers were refused by the same constraint, naming the winner.
    expect(new Set(refused.map((r) => r.server))).toEqual(new Set(['a', 'b']));
    for (const r of refused) {
      expect(r.body.error.message).toMatch(
        /^Double booking refused: The practitioner Dr Anna Berg \(Practitioner\/dr-berg\) is already booked from 2026-09-01T09:00:00\+02:00/,
      );
      expect(r.body.error.message).toContain(won[0]!.body.id);
    }
    // Each server sees the one booking.
    for (const server of [a, b]) {
      const list = await call(server.url, 'GET', '/api/v1/appointments?practitioner=dr-berg&date=2026-09-01', server.adminToken);
      expect(list.body.appointments.map((x: any) => x.id)).toEqual([won[0]!.body.id]);
    }
  });

  it('runs the no-show job on both servers at once: each missed appointment is marked once', async () => {
    const missed: string[] = [];
    for (const [n, time] of [
      [51, '10:20'],
      [52, '10:40'],
      [53, '11:00'],
    ] as const) {
      const r = await call(a.url, 'POST', '/api/v1/appointments', a.adminToken, {
        patientId: `pat-${n - 10}`,
        practitionerId: 'dr-berg',
        start: `2026-09-02T${time}:00+02:00`,
        type: 'consultation',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      missed.push(r.body.id);
    }
    const now = new Date('2026-09-02T12:00:00+02:00');
    const runs = await Promise.all(
      [a, b, a, b].map((server) =>
        markNoShows(new FhirRepository(server.hale.db, systemContext('no-show'), server.hale.guard), { now, graceMinutes: 15 }),
      ),
    );
    const marked = runs.flatMap((r) => r.marked).filter((id) => missed.includes(id));
    expect(marked.sort()).toEqual([...missed].sort());
    for (const id of missed) {
      const h = await call(b.url, 'GET', `/api/v1/appointments/${id}/history`, b.adminToken);
      expect(h.body.history.filter((e: any) => e.action === 'no-show')).toHaveLength(1);
    }
  });
});
