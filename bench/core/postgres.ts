/** The benchmarks' PostgreSQL chores: a clear error when the server is not there, and dropping their schemas afterwards. */
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
