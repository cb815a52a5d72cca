/** Messages between the audit log (main thread) and its sealing worker (seal-worker.ts). */

export interface SealWorkerData {
  /** The PostgreSQL server the worker opens its own connection to. */
  connectionString: string;
  schema?: string;
  statementTimeoutMs: number;
  key: string;
  checkpointFile: string;
  sealEveryMs: number;
}

/** Main to worker: seal now (answered with the count), or seal a last time and stop. */
export type SealRequest = { op: 'seal'; id: number } | { op: 'close'; id: number };

/** Worker to main: the answer to a request, a failed round of the timer, or a checkpoint alarm. */
export type SealReply =
  { id: number; sealed: number } | { id: number; error: string } | { failed: string } | { alarm: string } | { ready: true };
