/**
 * Embedded engine: PGlite (PostgreSQL compiled to WASM) in a data folder, or in memory.
 * One connection: PGlite queues statements, and its transaction() holds the connection
 * until the callback ends, so writes serialise. Never call the Database itself from inside
 * a transaction callback (that waits for the transaction: a deadlock); use the tx given.
 *
 * Full disk: when a WAL write fails for lack of space, PostgreSQL PANICs and the PGlite
 * instance hangs on every later statement (measured here). The engine then marks itself
 * unavailable (503 for every query, including those already queued), and reopens the
 * folder, which replays the WAL, once the disk has room again. Writes acknowledged before
 * the failure are in the WAL and come back; the failed one was never acknowledged.
 */
import { statfsSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { HaleError } from '../errors.ts';
import type { Database, QueryResult, Queryable } from './types.ts';
import { isDiskFullError, normalizeDbError } from './normalize-error.ts';
import { transactionScope } from './savepoint-transaction.ts';

const RECOVERY_CHECK_MS = 2000;
// Room needed before reopening: a new 16 MB WAL segment plus working space.
const RECOVERY_MIN_FREE_BYTES = 24 * 1024 * 1024;

async function create(dataDir: string | undefined): Promise<PGlite> {
  return PGlite.create(dataDir, { extensions: { pg_trgm, btree_gist } });
}

function unavailable(): HaleError {
  return new HaleError('unavailable', 'The database is out of disk space; requests are refused until space is freed.', [], {
    'Retry-After': '30',
  });
}

/** Errors after which the PGlite instance cannot be used again (a PANIC in PostgreSQL). */
function isFatal(err: unknown): boolean {
  const cause = (err as { cause?: unknown })?.cause;
  if (cause && cause !== err && isFatal(cause)) return true;
  const message = String((err as { message?: string })?.message ?? '');
  return (isDiskFullError(err) && /pg_wal|xlog/i.test(message)) || /PANIC|unreachable|Aborted\(/.test(message);
}

export async function openPglite(dataDir: string | undefined, logger?: Logger): Promise<Database> {
  let pg = await create(dataDir);
  let broken = false;
  let failBroken: ((err: HaleError) => void)[] = [];
  let recovering: NodeJS.Timeout | undefined;
  let closed = false;

  const markBroken = () => {
    if (broken) return;
    broken = true;
    logger?.error('embedded database stopped: the disk is full and PostgreSQL could not extend its write-ahead log (pg_wal); refusing requests with 503 and reopening once space is free');
    for (const fail of failBroken) fail(unavailable());
    failBroken = [];
    if (dataDir) recovering = setInterval(() => void tryRecover(), RECOVERY_CHECK_MS);
  };

  const tryRecover = async () => {
    if (!dataDir || closed) return;
    try {
      const fs = statfsSync(dataDir);
      if (fs.bavail * fs.bsize < RECOVERY_MIN_FREE_BYTES) return;
      const fresh = await create(dataDir);
      await fresh.query('SELECT 1');
      // The old instance is wedged; it is dropped, not closed (closing it would hang).
      pg = fresh;
      broken = false;
      clearInterval(recovering);
      recovering = undefined;
      logger?.warn('embedded database reopened after the disk-full stop; serving requests again');
    } catch {
      // still no room; try again on the next tick
    }
  };

  /** Runs a PGlite call, failing fast (503) if the instance is or becomes unusable. */
  const guarded = async <T>(fn: (db: PGlite) => Promise<T>): Promise<T> => {
    if (broken) throw unavailable();
    let reject!: (err: HaleError) => void;
    const brokenSignal = new Promise<never>((_, r) => (reject = r));
    failBroken.push(reject);
    try {
      return await Promise.race([fn(pg), brokenSignal]);
    } catch (err) {
      if (isFatal(err)) {
        if (!broken) logger?.error({ err }, 'fatal embedded database error');
        markBroken();
        throw unavailable();
      }
      throw normalizeDbError(err);
    } finally {
      failBroken = failBroken.filter((f) => f !== reject);
    }
  };

  return {
    engine: 'pglite',
    query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      return guarded(async (db) => {
        const r = await db.query<T>(sql, params as unknown[] | undefined);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
      });
    },
    exec(sql: string) {
      return guarded(async (db) => {
        await db.exec(sql);
      });
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return guarded((db) =>
        db.transaction(async (tx) =>
          fn(
            transactionScope({
              async query<R>(sql: string, params?: readonly unknown[]) {
                const r = await tx.query<R>(sql, params as unknown[] | undefined);
                return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
              },
              async exec(sql: string) {
                await tx.exec(sql);
              },
            }),
          ),
        ),
      );
    },
    poolStats: () => ({ total: 1, idle: broken ? 0 : 1, waiting: failBroken.length }),
    async close() {
      closed = true;
      if (recovering) clearInterval(recovering);
      if (!broken && !pg.closed) await pg.close();
    },
  };
}
