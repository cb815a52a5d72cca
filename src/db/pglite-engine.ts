/**
 * Embedded engine: PGlite (PostgreSQL compiled to WASM) in a data folder, or in memory.
 *
 * PGlite runs in a worker thread (pglite-worker.mjs); this main-thread side sends it one
 * statement at a time. One connection: a mutex here holds it for a whole transaction
 * callback, and plain statements take it one at a time, so writes serialise and order is
 * kept. Never call the Database itself from inside a transaction callback (that waits
 * for the transaction: a deadlock); use the tx given.
 *
 * Full disk: when PostgreSQL cannot create its next WAL segment it PANICs; PGlite then either
 * reports the error or spins inside the statement without ever answering (both measured).
 * In the worker a spin only stalls the worker: a watchdog sees a statement unanswered for a
 * few seconds while the data folder's disk has less room than a WAL segment needs (or a
 * fatal error comes back, or the worker dies), and stops the engine
 * (503 with Retry-After for the pending statement and every later one), terminates the
 * worker, and every few seconds checks the disk; once there is room it starts a fresh
 * worker on the same folder, whose start-up replays the WAL, and serves again. Writes
 * acknowledged before the stop are in the WAL and come back; the one that hung was never
 * acknowledged. A disk too full for a table file to grow is an ordinary error (53100),
 * answered 503 by normalizeDbError without stopping anything.
 */
import { statfsSync } from 'node:fs';
import type { Logger } from 'pino';
import { HaleError } from '../errors.ts';
import type { Database, QueryOptions, QueryResult, Queryable } from './types.ts';
import { isDiskFullError, normalizeDbError } from './normalize-error.ts';
import type { RequestBody } from './pglite-protocol.ts';
import { CLOSE_TIMEOUT_MS, PgliteWorker, startWorker, withTimeout, type Ok } from './pglite-worker-handle.ts';
import { transactionScope, type RawConnection } from './savepoint-transaction.ts';

/** How often the watchdog looks for a stalled statement (data folder only). */
const STALL_CHECK_MS = 1000;
/** A statement unanswered this long, with the disk nearly full, means the worker is wedged. */
const STALL_MS = 5000;
/** How often a stopped engine checks whether it can reopen. */
const RECOVERY_CHECK_MS = 2000;
/** Room needed to carry on or reopen: a new 16 MB WAL segment plus working space. */
const MIN_FREE_BYTES = 24 * 1024 * 1024;
/** A reopen that has not finished by then (WAL replay included) is abandoned and retried. */
const REOPEN_TIMEOUT_MS = 120_000;

type StopReason = 'disk' | 'crash' | 'lost';

const STOP_MESSAGES: Record<StopReason, string> = {
  disk: 'The database is out of disk space; requests are refused until space is freed.',
  crash: 'The embedded database stopped unexpectedly and is being restarted; try again shortly.',
  lost: 'The in-memory database stopped after a fatal error; Hale must be restarted.',
};

function unavailable(reason: StopReason): HaleError {
  const retryAfter = { disk: '30', crash: '5', lost: undefined }[reason];
  return new HaleError('unavailable', STOP_MESSAGES[reason], [], retryAfter ? { 'Retry-After': retryAfter } : {});
}

function closedError(): HaleError {
  return new HaleError('unavailable', 'The database is closed.', [], { 'Retry-After': '5' });
}

/** Errors after which the PGlite instance cannot be used again (a PANIC in PostgreSQL, a WASM abort). */
function isFatal(err: unknown): boolean {
  const e = err as { message?: unknown; code?: unknown; severity?: unknown; name?: unknown; cause?: unknown } | undefined;
  if (e?.cause && e.cause !== err && isFatal(e.cause)) return true;
  const message = String(e?.message ?? '');
  if (e?.severity === 'PANIC') return true;
  if (isDiskFullError(err) && /pg_wal|xlog/i.test(message)) return true;
  // An ordinary PostgreSQL error report: its message may quote client values, so no guessing from text.
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return false;
  return e?.name === 'RuntimeError' || /PANIC|unreachable|Aborted\(/.test(message);
}

function freeBytes(dir: string): number | undefined {
  try {
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize;
  } catch {
    return undefined;
  }
}

/** FIFO lock over the single connection. */
class Mutex {
  private held = false;
  private readonly queue: (() => void)[] = [];

  get locked(): boolean {
    return this.held;
  }
  get waiting(): number {
    return this.queue.length;
  }

  lock(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.held = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          const next = this.queue.shift();
          if (next) next();
          else this.held = false;
        });
      };
      if (this.held) this.queue.push(grant);
      else grant();
    });
  }
}

export interface PgliteOptions {
  logger?: Logger;
  /**
   * A tarball written by dumpTo: a new database (in memory, or a data folder with none yet)
   * starts as a copy of it instead of running initdb, which takes about 2 s of CPU. The
   * test suite starts every in-memory server from one migrated copy.
   */
  seedFile?: string;
}

/** The embedded engine's Database, which can also write its whole data folder to a tarball. */
export interface EmbeddedDatabase extends Database {
  dumpTo(file: string): Promise<void>;
}

export async function openPglite(dataDir: string | undefined, options: PgliteOptions = {}): Promise<EmbeddedDatabase> {
  const { logger } = options;
  let conn = await startWorker({ dataDir, ...(options.seedFile ? { seedFile: options.seedFile } : {}) });
  /** Bumped at each reopen: a transaction begun on an earlier worker must not go on on a new one. */
  let generation = 1;
  let state: 'open' | 'stopped' | 'closed' = 'open';
  let stopReason: StopReason = 'disk';
  let stopping: Promise<void> = Promise.resolve();
  let recovering: NodeJS.Timeout | undefined;
  let reopening = false;
  let closing: Promise<void> | undefined;
  const mutex = new Mutex();

  const refusal = (): HaleError => (state === 'closed' ? closedError() : unavailable(stopReason));

  const stop = (reason: StopReason, err?: unknown) => {
    if (state !== 'open') return;
    state = 'stopped';
    // In memory there is nothing to reopen: the data went with the worker.
    if (!dataDir) reason = 'lost';
    stopReason = reason;
    if (reason === 'disk') {
      logger?.error(
        { err, freeBytes: dataDir ? freeBytes(dataDir) : undefined },
        'embedded database stopped: the disk is full and PostgreSQL could not extend its write-ahead log (pg_wal); refusing requests with 503 and reopening once space is free',
      );
    } else {
      logger?.error({ err }, `embedded database stopped after a fatal error; refusing requests with 503${dataDir ? ' and reopening' : ''}`);
    }
    stopping = conn.terminate(unavailable(reason));
    if (dataDir) {
      recovering = setInterval(() => void tryReopen(), RECOVERY_CHECK_MS);
      recovering.unref();
    }
  };

  /** A fatal error or a dead worker counts as the disk's doing when it says so or the disk is nearly full. */
  const reasonFor = (err: unknown): StopReason =>
    isDiskFullError(err) || (dataDir !== undefined && (freeBytes(dataDir) ?? Infinity) < MIN_FREE_BYTES) ? 'disk' : 'crash';

  const watch = (w: PgliteWorker) => {
    w.onLost = (err) => {
      if (w !== conn) return;
      stop(reasonFor(err), err);
    };
  };
  watch(conn);

  const tryReopen = async () => {
    if (!dataDir || reopening || state !== 'stopped') return;
    reopening = true;
    try {
      await stopping;
      const free = freeBytes(dataDir);
      if (free !== undefined && free < MIN_FREE_BYTES) return;
      let fresh: PgliteWorker | undefined;
      try {
        fresh = new PgliteWorker({ dataDir });
        const w = fresh;
        await withTimeout(
          w.ready.then(() => w.request({ op: 'query', sql: 'SELECT 1' })),
          REOPEN_TIMEOUT_MS,
          'reopening the embedded database',
        );
      } catch (err) {
        logger?.debug({ err }, 'embedded database not reopened yet; trying again');
        await fresh?.terminate(unavailable(stopReason));
        return;
      }
      if (state !== 'stopped') {
        await fresh.terminate(refusal()); // closed meanwhile
        return;
      }
      conn = fresh;
      watch(fresh);
      generation++;
      state = 'open';
      clearInterval(recovering);
      recovering = undefined;
      logger?.warn(
        stopReason === 'disk'
          ? 'embedded database reopened after the disk-full stop; serving requests again'
          : 'embedded database reopened after the fatal-error stop; serving requests again',
      );
    } finally {
      reopening = false;
    }
  };

  // Watchdog: a statement stalled while the disk has no room for a WAL segment is the
  // wedge described above (only a data folder can fill up).
  const watchdog = dataDir
    ? setInterval(() => {
        if (state !== 'open') return;
        const since = conn.oldestPendingSince();
        if (since === undefined || Date.now() - since < STALL_MS) return;
        const free = freeBytes(dataDir);
        if (free !== undefined && free < MIN_FREE_BYTES)
          stop('disk', new Error(`a statement has not answered for ${Date.now() - since} ms`));
      }, STALL_CHECK_MS)
    : undefined;
  watchdog?.unref();

  /** Sends one request to the current worker, turning a stop under it into the 503. */
  const send = async (req: RequestBody, txGeneration?: number): Promise<Ok> => {
    if (state !== 'open' || (txGeneration !== undefined && txGeneration !== generation)) throw refusal();
    const w = conn;
    try {
      return await w.request(req);
    } catch (err) {
      if (state !== 'open' || w !== conn) throw refusal();
      if (isFatal(err)) {
        stop(reasonFor(err), err);
        throw refusal();
      }
      throw normalizeDbError(err);
    }
  };

  const raw = (txGeneration?: number): RawConnection => ({
    async query<T>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>> {
      const r = await send(
        { op: 'query', sql, params: params as unknown[] | undefined, ...(opts?.name ? { name: opts.name } : {}) },
        txGeneration,
      );
      const rows = (r.rows ?? []) as T[];
      return { rows, rowCount: r.rowCount ?? rows.length };
    },
    async exec(sql: string): Promise<void> {
      await send({ op: 'exec', sql }, txGeneration);
    },
  });
  const plain = raw();

  /** Runs fn holding the connection. */
  const locked = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (state !== 'open') throw refusal();
    const release = await mutex.lock();
    try {
      return await fn();
    } finally {
      release();
    }
  };

  return {
    engine: 'pglite',
    query<T>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>> {
      return locked(() => plain.query<T>(sql, params, opts));
    },
    exec(sql: string) {
      return locked(() => plain.exec(sql));
    },
    async dumpTo(file: string) {
      await locked(() => send({ op: 'dumpTo', file }));
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return locked(async () => {
        const tx = raw(generation);
        await tx.exec('BEGIN');
        let result: T;
        try {
          result = await fn(transactionScope(tx));
        } catch (err) {
          try {
            await tx.exec('ROLLBACK');
          } catch {
            // the engine stopped under the transaction: nothing to roll back
          }
          throw normalizeDbError(err);
        }
        // A failed COMMIT ends the transaction in PostgreSQL (rolled back).
        await tx.exec('COMMIT');
        return result;
      });
    },
    poolStats: () => ({ total: 1, idle: state === 'open' && !mutex.locked ? 1 : 0, waiting: mutex.waiting }),
    close() {
      closing ??= (async () => {
        clearInterval(watchdog);
        clearInterval(recovering);
        recovering = undefined;
        if (state !== 'open') {
          state = 'closed';
          await stopping;
          return;
        }
        // Let statements already queued finish, then shut PostgreSQL down cleanly.
        const lock = mutex.lock();
        let release: (() => void) | undefined;
        try {
          release = await withTimeout(lock, CLOSE_TIMEOUT_MS, 'waiting for running statements');
        } catch {
          void lock.then((r) => r()); // a wedged statement: it fails when the worker stops
        }
        state = 'closed';
        const w = conn;
        try {
          await withTimeout(w.request({ op: 'close' }), CLOSE_TIMEOUT_MS, 'closing the embedded database');
        } catch (err) {
          logger?.warn({ err }, 'embedded database did not close cleanly; its WAL is replayed at the next start');
        }
        await w.terminate(closedError());
        release?.();
      })();
      return closing;
    },
  };
}
