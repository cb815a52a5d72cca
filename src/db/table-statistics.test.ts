/**
 * Planner statistics are kept current by Hale itself: a table never analyzed, or grown by
 * more than a fifth since, is analyzed; one that has not changed is left alone. On both
 * engines (the embedded one has no autovacuum at all).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.ts';
import { refreshStaleStatistics } from './table-statistics.ts';
import type { Database } from './types.ts';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../test/support/test-server.ts';

const schema = uniqueSchema();
let db: Database;
beforeAll(async () => {
  db = await openDatabase({ databaseUrl: testDatabaseUrl(), dbSchema: schema, pgliteDir: 'memory' });
  await db.exec('CREATE TABLE visits (n int, note text)');
});
afterAll(async () => {
  await db?.close();
  await dropSchema(schema);
});

const insert = (from: number, to: number) =>
  db.query("INSERT INTO visits SELECT g, repeat('x', 40) FROM generate_series($1::int, $2::int) g", [from, to]);
const estimatedRows = async () =>
  Number((await db.query<{ n: number }>("SELECT reltuples AS n FROM pg_class WHERE oid = 'visits'::regclass")).rows[0]!.n);

describe('table statistics', () => {
  it('analyzes a table that was never analyzed, then leaves it until it grows by a fifth', async () => {
    await insert(1, 5000);
    expect(await refreshStaleStatistics(db)).toContain('visits');
    expect(await estimatedRows()).toBe(5000);

    expect(await refreshStaleStatistics(db)).not.toContain('visits');
    await insert(5001, 5100); // 2% more: not stale
    expect(await refreshStaleStatistics(db)).not.toContain('visits');

    await insert(5101, 20_000);
    expect(await refreshStaleStatistics(db)).toContain('visits');
    expect(await estimatedRows()).toBe(20_000);
  });
});
