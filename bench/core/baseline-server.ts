/**
 * The baseline Hale is measured against: the least a server on the same engine and driver
 * can do. A bare Fastify app over one table `(id text primary key, content text)`:
 * GET /read/:id returns the stored JSON by primary key, POST /insert stores the posted
 * JSON under a new uuid. No validation, no versions, no search index: the ratio
 * Hale/baseline is then the cost of being a FHIR server, independent of how fast the
 * (noisy, shared) machine happens to be.
 *
 * Run as its own process: `node --import tsx bench/core/baseline-server.ts` with
 *   BASE_ENGINE=pglite  BASE_PGLITE_DIR=<folder>
 *   BASE_ENGINE=postgres DATABASE_URL=... BASE_SCHEMA=<schema> [BASE_POOL_MAX=20]
 * openBaselineDb is also used in-process by the import baseline (bench/core/import.ts).
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

export type BaselineTarget = { engine: 'pglite'; dir: string } | { engine: 'postgres'; url: string; schema: string; poolMax: number };

export interface BaselineDb {
  read(id: string): Promise<string | undefined>;
  insert(id: string, content: string): Promise<void>;
  /** Multi-row INSERTs in one transaction (one per imported bundle, as Hale does). */
  insertMany(rows: [id: string, content: string][]): Promise<void>;
  close(): Promise<void>;
}

const TABLE = 'CREATE TABLE IF NOT EXISTS baseline (id text PRIMARY KEY, content text NOT NULL)';
// Two parameters per row; 1,000 rows keeps each statement well under PostgreSQL's 65,535 parameters.
const ROWS_PER_INSERT = 1000;

function multiRowInsert(n: number): string {
  const values = Array.from({ length: n }, (_, i) => `($${2 * i + 1}, $${2 * i + 2})`);
  return `INSERT INTO baseline (id, content) VALUES ${values.join(', ')}`;
}

type Exec = (sql: string, params: unknown[]) => Promise<unknown>;

async function insertChunks(exec: Exec, rows: [string, string][]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    await exec(multiRowInsert(chunk.length), chunk.flat());
  }
}

export async function openBaselineDb(target: BaselineTarget): Promise<BaselineDb> {
  if (target.engine === 'pglite') {
    const db = await PGlite.create(target.dir);
    await db.exec(TABLE);
    return {
      async read(id) {
        return (await db.query<{ content: string }>('SELECT content FROM baseline WHERE id = $1', [id])).rows[0]?.content;
      },
      async insert(id, content) {
        await db.query('INSERT INTO baseline (id, content) VALUES ($1, $2)', [id, content]);
      },
      async insertMany(rows) {
        await db.transaction((tx) => insertChunks((sql, params) => tx.query(sql, params), rows));
      },
      close: () => db.close(),
    };
  }
  // Same pool size and search_path mechanism as Hale's PostgreSQL engine.
  const pool = new pg.Pool({ connectionString: target.url, max: target.poolMax, options: `-c search_path=${target.schema}` });
  pool.on('error', () => undefined);
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${target.schema}`);
  await pool.query(TABLE);
  return {
    async read(id) {
      return (await pool.query<{ content: string }>('SELECT content FROM baseline WHERE id = $1', [id])).rows[0]?.content;
    },
    async insert(id, content) {
      await pool.query('INSERT INTO baseline (id, content) VALUES ($1, $2)', [id, content]);
    },
    async insertMany(rows) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await insertChunks((sql, params) => client.query(sql, params), rows);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function main(): Promise<void> {
  const env = process.env;
  const target: BaselineTarget =
    env.BASE_ENGINE === 'postgres'
      ? { engine: 'postgres', url: env.DATABASE_URL!, schema: env.BASE_SCHEMA!, poolMax: Number(env.BASE_POOL_MAX ?? 20) }
      : { engine: 'pglite', dir: env.BASE_PGLITE_DIR! };
  const db = await openBaselineDb(target);
  const app = Fastify({ logger: false });
  // Hale clients send application/fhir+json; parse it like plain JSON.
  app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, app.getDefaultJsonParser('ignore', 'ignore'));

  app.get('/ready', async () => ({ ok: true }));
  app.get<{ Params: { id: string } }>('/read/:id', async (request, reply) => {
    const content = await db.read(request.params.id);
    if (content === undefined) return reply.code(404).send();
    return reply.type('application/fhir+json; charset=utf-8').send(content);
  });
  app.post('/insert', async (request, reply) => {
    const id = randomUUID();
    await db.insert(id, JSON.stringify(request.body));
    return reply.code(201).header('location', `/read/${id}`).send();
  });

  await app.listen({ port: Number(env.PORT ?? 0), host: env.HOST ?? '127.0.0.1' });
  const stop = () => {
    void app
      .close()
      .then(() => db.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
