/**
 * The main thread's handle on one embedded-database worker thread (pglite-worker.mjs): starts
 * it, numbers and sends requests, matches the answers, and fails what is owed when the
 * worker dies or is stopped. The engine around it (pglite-engine.ts) decides when to stop,
 * reopen and refuse.
 */
import { Worker } from 'node:worker_threads';
import {
  deserializeError,
  type RequestBody,
  type WorkerOptions,
  type WorkerReply,
  type WorkerRequest,
  type WorkerStartup,
} from './pglite-protocol.ts';

export const CLOSE_TIMEOUT_MS = 15_000;

/** Plain JavaScript, so the worker starts without a TypeScript loader (see its header). */
const WORKER_URL = new URL('./pglite-worker.mjs', import.meta.url);

/** disk: the data folder's disk is full; crash: a fatal error (reopened); lost: an in-memory database died. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export type Ok = Extract<WorkerReply, { ok: true }>;

interface Pending {
  resolve: (reply: Ok) => void;
  reject: (err: unknown) => void;
  since: number;
}

/** One worker thread running one PGlite instance. */
export class PgliteWorker {
  readonly ready: Promise<void>;
  /** Called once if the worker dies or errors on its own (not when terminated from here). */
  onLost?: (err: Error) => void;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private gone = false;

  constructor(options: WorkerOptions) {
    this.worker = new Worker(WORKER_URL, { workerData: options, execArgv: [] });
    let started = false;
    let settle!: { resolve: () => void; reject: (err: Error) => void };
    this.ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.ready.catch(() => {}); // the opener awaits it; never an unhandled rejection here
    this.worker.on('message', (msg: WorkerStartup | WorkerReply) => {
      if (!started) {
        started = true;
        const m = msg as WorkerStartup;
        if (m.ready) {
          // Idle, the worker must not keep the process alive (it is ref'd while a statement runs).
          this.worker.unref();
          settle.resolve();
        } else settle.reject(deserializeError(m.error));
        return;
      }
      this.answer(msg as WorkerReply);
    });
    this.worker.on('error', (err) => {
      if (!started) {
        started = true;
        settle.reject(err);
      }
      this.lost(err);
    });
    this.worker.on('exit', (code) => {
      const err = new Error(`the embedded database worker exited (code ${code})`);
      if (!started) {
        started = true;
        settle.reject(err);
      }
      this.lost(err);
    });
  }

  request(req: RequestBody): Promise<Ok> {
    if (this.gone) return Promise.reject(new Error('the embedded database worker has stopped'));
    const id = this.nextId++;
    return new Promise<Ok>((resolve, reject) => {
      try {
        this.worker.postMessage({ ...req, id } as WorkerRequest);
      } catch (err) {
        reject(err); // e.g. a parameter that cannot be cloned
        return;
      }
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject, since: Date.now() });
    });
  }

  /** When the oldest unanswered statement was sent, if any. */
  oldestPendingSince(): number | undefined {
    for (const p of this.pending.values()) return p.since;
    return undefined;
  }

  /** Stops the worker, failing whatever it still owes with `err`. */
  async terminate(err: Error): Promise<void> {
    this.onLost = undefined;
    this.gone = true;
    this.failAll(err);
    try {
      await withTimeout(this.worker.terminate(), CLOSE_TIMEOUT_MS, 'stopping the embedded database worker');
    } catch {
      // a worker that will not stop is left behind; nothing more can be done from here
    }
  }

  private answer(reply: WorkerReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) p.resolve(reply);
    else p.reject(deserializeError(reply.error));
  }

  private lost(err: Error): void {
    if (this.gone) return;
    this.gone = true;
    const onLost = this.onLost;
    this.onLost = undefined;
    onLost?.(err); // the engine stops first, so callers see its 503
    this.failAll(err);
  }

  private failAll(err: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(err);
  }
}

export async function startWorker(options: WorkerOptions): Promise<PgliteWorker> {
  const w = new PgliteWorker(options);
  try {
    await w.ready;
  } catch (err) {
    await w.terminate(err as Error);
    throw err;
  }
  return w;
}
