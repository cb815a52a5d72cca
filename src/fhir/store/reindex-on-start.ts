/**
 * After migrations, and whenever a request is added while it runs (kick), the server works
 * off pending reindex requests (reindex-requests.ts) in the background: /ready does not
 * wait, searches meanwhile answer from the rows there are. One instance does it (advisory
 * lock); the others check again now and then, in case that instance dies. Stopped with the
 * server after its current batch; the next start resumes where it was.
 */
import type { Database } from '../../db/types.ts';
import type { SensitiveFields } from '../../crypto/sensitive-fields.ts';
import { reindexResources, type ReindexResult } from './reindex.ts';
import { beginReindexPass, markReindexDone, pendingReindex, recordReindexProgress, withReindexLock } from './reindex-requests.ts';

export interface ReindexLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface BackgroundReindexOptions {
  db: Database;
  fields?: SensitiveFields;
  logger: ReindexLogger;
  /** Resources per batch; small, so that on the embedded engine requests wait little between batches. */
  batchSize?: number;
  /** A progress line at most this often. */
  logEveryMs?: number;
  /** How often an instance that found another one reindexing checks whether it is still pending. */
  recheckEveryMs?: number;
}

export interface BackgroundReindex {
  /** Settles when nothing is pending any more, or after stop(). Never rejects (failures are logged). */
  readonly done: Promise<void>;
  /**
   * A request was just added (a sensitive-element rule changed): work it off now instead of
   * at the next start. Runs again after the current pass when one is going.
   */
  kick(): void;
  /** Stops after the current batch and waits for it. */
  stop(): Promise<void>;
}

export function startPendingReindex(opts: BackgroundReindexOptions): BackgroundReindex {
  const controller = new AbortController();
  const { signal } = controller;
  let again = false;
  let running: Promise<void> | undefined;
  const run = (): Promise<void> =>
    (running = (async () => {
      do {
        again = false;
        await workOffRequests(opts, signal).catch((err: unknown) => {
          opts.logger.error({ err }, 'search index rebuild failed; it resumes at the next start');
        });
      } while (again && !signal.aborted);
      running = undefined;
    })());
  run();
  return {
    get done() {
      return running ?? Promise.resolve();
    },
    kick() {
      if (signal.aborted) return;
      if (running) again = true;
      else run();
    },
    async stop() {
      controller.abort();
      await running;
    },
  };
}

async function workOffRequests(opts: BackgroundReindexOptions, signal: AbortSignal): Promise<void> {
  const { db, logger } = opts;
  while (!signal.aborted) {
    if (!(await pendingReindex(db))) return;
    const outcome = await withReindexLock(db, () => rebuildPending(opts, signal));
    if (outcome === 'none') return;
    if (outcome === 'busy') {
      logger.info({}, 'search index rebuild pending: another instance is doing it');
      await sleep(opts.recheckEveryMs ?? 60_000, signal);
    } else if (outcome.status === 'interrupted') return;
    // finished: go round again, for requests that arrived during the pass
  }
}

async function rebuildPending(opts: BackgroundReindexOptions, signal: AbortSignal): Promise<ReindexResult | 'none'> {
  const { db, logger } = opts;
  // Read again under the lock: the instance that held it may just have finished.
  const pending = await pendingReindex(db);
  if (!pending) return 'none';
  await beginReindexPass(db, pending);
  logger.info(
    { requests: pending.ids, reasons: pending.reasons, resumeAfter: pending.after ?? null },
    pending.after ? 'search index rebuild resumed' : 'search index rebuild started',
  );
  const logEveryMs = opts.logEveryMs ?? 5000;
  let lastLog = Date.now();
  const result = await reindexResources({
    db,
    fields: opts.fields,
    batchSize: opts.batchSize ?? 200,
    ...(pending.after ? { after: pending.after } : {}),
    ...(pending.types ? { types: pending.types } : {}),
    signal,
    recordBatch: (tx, batch) => recordReindexProgress(tx, pending.ids, batch),
    onProgress: (p) => {
      if (Date.now() - lastLog < logEveryMs) return;
      lastLog = Date.now();
      const rate = Math.round(p.resourcesDone / Math.max(p.elapsedMs / 1000, 0.001));
      logger.info(
        { resources: pending.resourcesDone + p.resourcesDone, resourcesPerSecond: rate, at: p.cursor },
        'search index rebuild progress',
      );
    },
  });
  const summary = {
    requests: pending.ids,
    types: pending.types ?? 'all',
    resources: result.resources,
    encrypted: result.encrypted,
    elapsedMs: result.elapsedMs,
  };
  if (result.status === 'finished') {
    await markReindexDone(db, pending.ids);
    logger.info(summary, 'search index rebuild finished');
  } else {
    logger.info({ ...summary, at: result.cursor ?? null }, 'search index rebuild stopped; the next start resumes it');
  }
  return result;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
