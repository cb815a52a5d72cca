/**
 * Migration 0011 on a database that already holds Appointments: each one that holds time gets
 * its busy rows, earliest first; one that overlaps an earlier one is left without rows instead
 * of failing the migration. On PGlite, or on PostgreSQL in a schema of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open-database.ts';
import { listMigrations, migrate } from '../src/db/migrate.ts';
import type { Database } from '../src/db/types.ts';
import { dropSchema, testDatabaseUrl, uniqueSchema } from './support/test-server.ts';

const schema = uniqueSchema();
let db: Database;

beforeAll(async () => {
  const url = testDatabaseUrl();
  db = await openDatabase({ databaseUrl: url, dbSchema: url ? schema : undefined, pgliteDir: 'memory' });
  await migrate(
    db,
    listMigrations().filter((m) => m.version < 11),
  );
});
afterAll(async () => {
  await db?.close();
  await dropSchema(schema);
});

const appointment = (id: string, status: string, start: string, end: string, actors: string[]) =>
  JSON.stringify({
    resourceType: 'Appointment',
    id,
    status,
    start,
    end,
    participant: actors.map((reference) => ({ actor: { reference }, status: 'accepted' })),
  });

describe('migration 0011 on existing appointments', () => {
  it('backfills busy rows, skipping cancelled ones and later overlaps', async () => {
    const rows = [
      [
        'a1',
        appointment('a1', 'booked', '2026-01-05T09:00:00Z', '2026-01-05T09:30:00Z', [
          'Patient/p1',
          'Practitioner/d1',
          'Location/r1',
          'HealthcareService/s',
        ]),
      ],
      ['a2', appointment('a2', 'booked', '2026-01-05T09:15:00Z', '2026-01-05T09:45:00Z', ['Patient/p2', 'Practitioner/d1'])],
      ['a3', appointment('a3', 'cancelled', '2026-01-05T09:00:00Z', '2026-01-05T09:30:00Z', ['Patient/p3', 'Practitioner/d1'])],
      ['a4', appointment('a4', 'fulfilled', '2026-01-06T09:00:00Z', '2026-01-06T09:30:00Z', ['Patient/p1', 'Practitioner/d2'])],
    ];
    for (const [id, content] of rows) {
      await db.query(
        `INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content) VALUES ('Appointment', $1, 1, now(), false, $2)`,
        [id, content],
      );
    }
    expect(await migrate(db)).toContain(11);
    const busy = await db.query<{ resource_id: string; actor: string }>(
      'SELECT resource_id, actor FROM appointment_busy ORDER BY resource_id, actor',
    );
    expect(busy.rows.map((r) => `${r.resource_id} ${r.actor}`)).toEqual([
      'a1 Location/r1',
      'a1 Patient/p1',
      'a1 Practitioner/d1',
      // a2 overlaps a1 on Practitioner/d1: that row is skipped, its patient's row kept.
      'a2 Patient/p2',
      'a4 Patient/p1',
      'a4 Practitioner/d2',
    ]);
  });
});
