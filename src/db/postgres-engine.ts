/**
 * Server engine: PostgreSQL through a node-postgres pool. `schema` (optional) puts all of
 * Hale's tables in one schema, so several test runs can share one database without
 * seeing each other's data.
 */
import pg from 'pg';
import type { Database, QueryOptions, QueryResult, Queryable } from './types.ts';
import { RETRYABLE_SQLSTATES, normalizeDbError, sqlState } from './normalize-error.ts';
import { transactionScope } from './savepoint-transaction.ts';

export interface PostgresOptions {
  connectionString: string;
  poolMax: number;
  schema?: string;
  statementTimeoutMs: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const MAX_SERIALIZATION_RETRIES = 3;

const ignore = (): void => undefined;

type Rows = { rows: unknown[]; rowCount: number | null };

/**
 * Runs one statement on a connection. The query is built from the text, not from a config
 * object: pg copies a config object through its property descriptors on every query (that
 * copy cost 2-3% of the server's CPU on a read by id), while a text it wraps in a plain
 * object. The statement name, when there is one, goes on the built query, where pg reads it.
 */
function run(client: pg.ClientBase, text: string, params: readonly unknown[] | undefined, opts: QueryOptions | undefined): Promise<Rows> {
  return new Promise((resolve, reject) => {
    const query = new pg.Query(text, params as unknown[], (err: Error | undefined, res: Rows) => (err ? reject(err) : resolve(res)));
    if (opts?.name) (query as { name?: string }).name = opts.name;
    client.query(query);
  });
}

/**
 * Whether the connection can run the next statement after this error: yes after an ERROR
 * PostgreSQL reported (a constraint, a timeout, a bad statement), no after a FATAL one (the
 * server ended the session, e.g. pg_terminate_backend) or a failure of the connection itself.
 */
function sessionGoesOn(err: unknown): boolean {
  return err instanceof pg.DatabaseError && err.severity !== 'FATAL' && err.severity !== 'PANIC';
}

/** One statement on a pooled connection, which goes back to the pool after (closed if the connection itself failed). */
async function runPooled(
  pool: pg.Pool,
  text: string,
  params: readonly unknown[] | undefined,
  opts: QueryOptions | undefined,
): Promise<Rows> {
  const client = await pool.connect();
  // A connection lost mid-statement also emits 'error' on the client: the statement's own
  // rejection reports it, and an unheard 'error' event would end the process.
  client.on('error', ignore);
  try {
    const r = await run(client, text, params, opts);
    client.removeListener('error', ignore);
    client.release();
    return r;
  } catch (err) {
    client.removeListener('error', ignore);
    client.release(sessionGoesOn(err) ? undefined : (err as Error));
    throw err;
  }
}

export async function openPostgres(opts: PostgresOptions): Promise<Database> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
    throw new Error(`HALE_DB_SCHEMA must match ${SCHEMA_NAME}: got ${JSON.stringify(opts.schema)}`);
  }
  const searchPath = opts.schema ? `${opts.schema},public` : undefined;
  const options = [`-c statement_timeout=${Math.max(0, Math.floor(opts.statementTimeoutMs))}`];
  if (searchPath) options.push(`-c search_path=${searchPath}`);
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.poolMax, options: options.join(' ') });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // A couple of connections for relaxedCommit (see types.ts), opened on first use.
  const relaxedPool = new pg.Pool({
    connectionString: opts.connectionString,
    max: 2,
    options: [...options, '-c synchronous_commit=off'].join(' '),
  });
  relaxedPool.on('error', () => undefined);
  if (opts.schema) {
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } catch (err) {
      // Two processes creating the same schema at once: the loser sees a unique violation.
      if (sqlState(err) !== '23505' && sqlState(err) !== '42P06') throw normalizeDbError(err);
    }
  }

  const db: Database = {
    engine: 'postgres',
    async query<T>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>> {
      try {
        const r = await runPooled(pool, sql, params, opts);
        return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
      } catch (err) {
        throw normalizeDbError(err);
      }
    },
    async exec(sql: string) {
      try {
        await pool.query(sql);
      } catch (err) {
        throw normalizeDbError(err);
      }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        let client: pg.PoolClient;
        try {
          client = await pool.connect();
        } catch (err) {
          throw normalizeDbError(err);
        }
        client.on('error', ignore); // as in runPooled
        try {
          await client.query('BEGIN');
          const result = await fn(
            transactionScope({
              async query<R>(sql: string, params?: readonly unknown[], opts?: QueryOptions) {
                const r = await run(client, sql, params, opts);
                return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
              },
              async exec(sql: string) {
                await client.query(sql);
              },
            }),
          );
          await client.query('COMMIT');
          client.removeListener('error', ignore);
          client.release();
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          client.removeListener('error', ignore);
          client.release();
          const state = sqlState(err) ?? sqlState((err as { cause?: unknown }).cause);
          if (state && RETRYABLE_SQLSTATES.has(state) && attempt < MAX_SERIALIZATION_RETRIES) continue;
          throw normalizeDbError(err);
        }
      }
    },
    relaxedCommit: {
      async query<T>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>> {
        try {
          const r = await runPooled(relaxedPool, sql, params, opts);
          return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
        } catch (err) {
          throw normalizeDbError(err);
        }
      },
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await Promise.all([pool.end(), relaxedPool.end()]);
    },
  };
  return db;
}
