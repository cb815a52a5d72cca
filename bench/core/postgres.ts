/** The benchmarks' PostgreSQL chores: a clear error when the server is not there, a settled server before a measurement, and dropping their schemas afterwards. */
import pg from 'pg';

export async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${url.replace(/:[^:@/]*@/, ':***@')}: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Schema names are the benchmarks' own (never input), checked anyway since DDL cannot bind them. */
export async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  if (!schemas.length) return;
  for (const s of schemas) if (!/^[a-z_][a-z0-9_]{0,62}$/.test(s)) throw new Error(`not a schema name: ${s}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Each Hale schema has its job queue's beside it (<schema>_jobs).
    for (const s of schemas) for (const name of [s, `${s}_jobs`]) await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Waits until PostgreSQL has caught up with earlier load: a CHECKPOINT (the dirty pages and
 * WAL of the previous phase written out now, not during the next measurement), then until
 * no autovacuum worker runs (at most 60 s). Needs a superuser or pg_checkpoint; without,
 * it only waits for the vacuum.
 */
export async function settlePostgres(url: string, log: (msg: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CHECKPOINT').catch((err: Error) => log(`no CHECKPOINT before the measurement: ${err.message}`));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'",
      );
      if (Number(rows[0]!.n) === 0) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    log('autovacuum still running after 60 s; measuring anyway');
  } finally {
    await client.end();
  }
}
