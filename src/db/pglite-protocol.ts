/**
 * Messages between the embedded engine (pglite-engine.ts, main thread) and its worker
 * (pglite-worker.mjs). workerData is WorkerOptions; the worker posts a WorkerStartup
 * once PGlite is open, then answers each WorkerRequest, in order, with a WorkerReply.
 * Values cross by structured clone, so Date parameters and PGlite's parsed result values
 * (Date for timestamptz, numbers, strings, parsed JSON, Uint8Array) arrive as they are.
 */

export interface WorkerOptions {
  /** The data folder; none for an in-memory database. */
  dataDir?: string;
  /** A tarball of a data folder (dumpTo's output) to start from when there is no database yet. */
  seedFile?: string;
}

export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params?: unknown[]; name?: string }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'dumpTo'; file: string }
  | { id: number; op: 'close' };

/** A request before the engine numbers it. */
export type RequestBody = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** An error as it crosses the thread boundary (serializeError in the worker): its message and the fields PostgreSQL errors carry. */
export interface SerializedError {
  message: string;
  name?: string;
  stack?: string;
  cause?: SerializedError;
  [field: string]: unknown;
}

export type WorkerReply = { id: number; ok: true; rows?: unknown[]; rowCount?: number } | { id: number; ok: false; error: SerializedError };

export type WorkerStartup = { ready: true } | { ready: false; error: SerializedError };

/** The error again on the receiving side: an Error with the same message and fields. */
export function deserializeError(e: SerializedError): Error {
  const { message, name, stack, cause, ...fields } = e;
  const err = Object.assign(new Error(message), fields);
  if (name) err.name = name;
  if (stack) err.stack = `${err.stack}\n    (in the PGlite worker) ${stack}`;
  if (cause) (err as { cause?: unknown }).cause = deserializeError(cause);
  return err;
}
