/**
 * The audit log's handle on its sealing worker (seal-worker.ts): starts it, asks it to seal
 * and to stop, and reports what it says (failed rounds to the log, checkpoint alarms as
 * process warnings, as the in-process sealer does).
 */
import type { Logger } from 'pino';
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../ops/ts-worker.ts';
import type { SealReply, SealRequest, SealWorkerData } from './seal-worker-protocol.ts';

const WORKER_URL = new URL('./seal-worker.ts', import.meta.url);

export class SealWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (n: number) => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private exited = false;
  /** Settles when the worker has its connection (or failed to get one). */
  readonly ready: Promise<void>;

  constructor(data: SealWorkerData, logger?: Logger) {
    this.worker = startTsWorker(WORKER_URL, data);
    let started!: { resolve: () => void; reject: (err: Error) => void };
    this.ready = new Promise<void>((resolve, reject) => (started = { resolve, reject }));
    this.ready.catch(() => {}); // the caller of seal() sees the failure
    this.worker.on('message', (msg: SealReply) => {
      if ('ready' in msg) return started.resolve();
      if ('alarm' in msg) return void process.emitWarning(msg.alarm, 'HaleAuditAlarm');
      if ('failed' in msg) return void logger?.error({ err: msg.failed }, 'audit sealing failed');
      const waiting = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (!this.pending.size) this.worker.unref();
      if ('error' in msg) waiting?.reject(new Error(msg.error));
      else waiting?.resolve(msg.sealed);
    });
    const fail = (err: Error) => {
      started.reject(err);
      for (const w of this.pending.values()) w.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', (err) => {
      logger?.error({ err }, 'the audit sealing worker failed');
      fail(err);
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      fail(new Error(`the audit sealing worker exited (code ${code})`));
    });
    // A quiet worker must not keep the process alive; its timer runs while the server does.
    this.worker.unref();
  }

  /** Links every committed unsealed record into the chain; resolves with how many. */
  seal(): Promise<number> {
    return this.request('seal');
  }

  /** A last round, then the worker closes its connection and ends. */
  async close(): Promise<number> {
    if (this.exited) return 0;
    try {
      return await this.request('close');
    } finally {
      await this.worker.terminate();
    }
  }

  private async request(op: SealRequest['op']): Promise<number> {
    await this.ready;
    if (this.exited) throw new Error('the audit sealing worker has stopped');
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref(); // an answer is owed: the process waits for it
      this.worker.postMessage({ op, id } satisfies SealRequest);
    });
  }
}
