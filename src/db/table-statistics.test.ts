/**
 * Planner statistics are kept current by Hale itself: a table never analyzed, or grown by
 * more than a fifth since, is analyzed; one that has not changed is left alone. On both
 * engines (the embedded one has no autovacuum at all).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.ts';
import { refreshStaleStatistics, statisticsDuringLoad } from './table-statistics.ts';
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

  // The embedded engine has no statement time limit; this is about a PostgreSQL server's.
  it.runIf(testDatabaseUrl())('analyzes a large table even when one ANALYZE takes longer than the request time limit', async () => {
    // Combined statistics over four columns make ANALYZE slow, as on sp_token.
    await db.exec(`CREATE TABLE tokens AS SELECT g % 7 AS a, g % 97 AS b, md5(g::text) AS c, g % 11 AS d
                     FROM generate_series(1, 200000) g`);
    await db.exec('CREATE STATISTICS tokens_stats (dependencies, mcv) ON a, b, c, d FROM tokens');
    await db.exec('ALTER STATISTICS tokens_stats SET STATISTICS 1000');
    // ANALYZE of this table takes seconds (5.5-7 s on a 2-core CI machine); 500 ms cancels it
    // while leaving the connection's own set-up statements room on a busy machine (at 50 ms,
    // one of them was cancelled once in CI).
    const hurried = await openDatabase({ databaseUrl: testDatabaseUrl(), dbSchema: schema, statementTimeoutMs: 500, pgliteDir: 'memory' });
    try {
      await expect(hurried.exec('ANALYZE tokens')).rejects.toThrow(/took too long/);
      expect(await refreshStaleStatistics(hurried)).toContain('tokens');
      expect(await refreshStaleStatistics(hurried)).not.toContain('tokens');
    } finally {
      await hurried.close();
    }
  });

  it('a failed round during a bulk load is reported and does not fail the write it followed', async () => {
    const closed = await openDatabase({ databaseUrl: testDatabaseUrl(), dbSchema: schema, pgliteDir: 'memory' });
    await closed.close();
    const errors: unknown[] = [];
    const load = statisticsDuringLoad(closed, (err) => errors.push(err), 0);
    await expect(load.after()).resolves.toBeUndefined();
    await expect(load.finish()).resolves.toBeUndefined();
    expect(errors).toHaveLength(2);
  });
});
