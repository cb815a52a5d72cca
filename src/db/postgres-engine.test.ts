/**
 * The server engine's statements: named (prepared) and unnamed ones answer, an error
 * PostgreSQL reports leaves the connection in the pool, and a connection that dies in the
 * middle of a statement fails that statement alone (the process goes on, the next
 * statement gets a new connection). Runs when the suite runs against PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgres } from './postgres-engine.ts';
import type { Database } from './types.ts';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../test/support/test-server.ts';

const url = testDatabaseUrl();
const schema = uniqueSchema();
let db: Database;

describe.runIf(url)('PostgreSQL engine', () => {
  beforeAll(async () => {
    db = await openPostgres({ connectionString: url!, poolMax: 2, schema, statementTimeoutMs: 10_000 });
    await db.exec('CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)');
  });
  afterAll(async () => {
    await db?.close();
    await dropSchema(schema);
  });

  it('runs named and unnamed statements, in and out of transactions', async () => {
    await db.query('INSERT INTO note VALUES ($1, $2)', [1, 'first'], { name: 'note_insert' });
    await db.query('INSERT INTO note VALUES ($1, $2)', [2, 'second'], { name: 'note_insert' });
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO note VALUES ($1, $2)', [3, 'third'], { name: 'note_insert' });
      await tx.query('UPDATE note SET body = $2 WHERE id = $1', [1, 'first, edited']);
    });
    const r = await db.query<{ id: number; body: string }>('SELECT id, body FROM note ORDER BY id', [], { name: 'note_all' });
    expect(r.rows).toEqual([
      { id: 1, body: 'first, edited' },
      { id: 2, body: 'second' },
      { id: 3, body: 'third' },
    ]);
    expect(r.rowCount).toBe(3);
  });

  it('keeps the connection after an error PostgreSQL reports', async () => {
    const pidOf = async () => (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    // Two connections in the pool: note both, then fail a statement on each.
    const before = new Set([await pidOf(), await pidOf()]);
    for (let i = 0; i < 4; i++)
      await expect(db.query('INSERT INTO note VALUES ($1, $2)', [1, 'duplicate'], { name: 'note_insert' })).rejects.toThrow(/conflicts/);
    const after = new Set([await pidOf(), await pidOf()]);
    expect([...after].every((pid) => before.has(pid))).toBe(true);
    // The prepared statement that failed still runs on the same connections.
    await db.query('INSERT INTO note VALUES ($1, $2)', [4, 'fourth'], { name: 'note_insert' });
    await db.query('INSERT INTO note VALUES ($1, $2)', [5, 'fifth'], { name: 'note_insert' });
  });

  it('fails only the statement whose connection dies, and the next one gets a new connection', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const running = db.query('SELECT pg_sleep(5)').then(
        () => 'answered',
        (err: Error) => err.message,
      );
      // Wait until the statement runs, then end its connection from outside.
      let killed = false;
      for (let i = 0; i < 100 && !killed; i++) {
        const r = await admin.query("SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(5)'");
        killed = r.rows.some((row: { t: boolean }) => row.t);
        if (!killed) await new Promise((done) => setTimeout(done, 20));
      }
      expect(killed).toBe(true);
      expect(await running).toMatch(/not reachable|terminat/i);
      expect((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM note')).rows[0]!.n).toBe('5');
    } finally {
      await admin.end();
    }
  });
});
