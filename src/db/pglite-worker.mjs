/**
 * The embedded engine's worker thread: owns one PGlite instance and answers the main
 * thread's requests one at a time, in order. It runs off the main thread because PGlite
 * can wedge inside a statement (a spin in the WASM when PostgreSQL cannot create its next
 * WAL segment on a full disk); here that only stalls this thread, which the main side
 * detects and terminates, while the HTTP server stays responsive.
 *
 * Messages: see pglite-protocol.ts.
 *
 * Plain JavaScript (type-checked through its JSDoc), importing packages only: a worker
 * thread does not inherit the TypeScript loader, and registering one in each worker cost
 * about 0.25 s at every start of the engine (and the test suite starts a few hundred).
 */
// @ts-check
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pgClient from 'pg';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/**
 * @typedef {import('./pglite-protocol.ts').WorkerOptions} WorkerOptions
 * @typedef {import('./pglite-protocol.ts').WorkerRequest} WorkerRequest
 * @typedef {import('./pglite-protocol.ts').WorkerReply} WorkerReply
 * @typedef {import('./pglite-protocol.ts').WorkerStartup} WorkerStartup
 * @typedef {import('./pglite-protocol.ts').SerializedError} SerializedError
 */

/**
 * An error as it crosses to the main thread (deserializeError there): the message and every
 * plain own field (code, detail, hint, position, ...).
 * @param {unknown} err
 * @returns {SerializedError}
 */
function serializeError(err) {
  if (!(err instanceof Error)) return { message: String(/** @type {{ message?: unknown }} */ (err)?.message ?? err) };
  /** @type {SerializedError} */
  const out = { message: err.message, name: err.name, stack: err.stack };
  for (const [key, value] of Object.entries(err)) {
    if (value === undefined || typeof value === 'function' || (typeof value === 'object' && value !== null)) continue;
    out[key] = value;
  }
  if (err.cause !== undefined && err.cause !== err) out.cause = serializeError(err.cause);
  return out;
}

const port = parentPort;
if (!port) throw new Error('pglite-worker.mjs runs only as a worker thread');
const { dataDir, seedFile } = /** @type {WorkerOptions} */ (workerData ?? {});

/**
 * The seed tarball, only when there is no database to open yet (PGlite refuses to load over
 * one). PGlite only calls arrayBuffer() on it; a Blob would copy the 40 MB file in and read it
 * back out through a stream (about 0.5 s per start), so the file's own buffer is handed over.
 */
/** @returns {Blob | undefined} */
function seed() {
  if (!seedFile || (dataDir && existsSync(path.join(dataDir, 'PG_VERSION')))) return undefined;
  const bytes = readFileSync(seedFile);
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return /** @type {Blob} */ (
    /** @type {unknown} */ ({ type: 'application/x-tar', size: bytes.byteLength, arrayBuffer: async () => buffer })
  );
}

/**
 * In memory, the data folder's pages are in memory already: PostgreSQL's default 128 MB of
 * shared buffers would only hold second copies of them, and zeroing it costs about 0.4 s at
 * each start (the test suite starts a hundred such databases).
 */
const startParams = dataDir ? undefined : [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** @type {PGlite} */
let pg;
/**
 * Statements go through node-postgres on PGlite's wire protocol, as on a PostgreSQL server:
 * a named statement is parsed and planned once for the life of the instance (PGlite's own
 * query() plans every call, which for the access policy's long statements cost more than
 * running them), and values come back parsed as the PostgreSQL engine's pool gives them.
 */
/** @type {pgClient.Client} */
let client;
try {
  const loadDataDir = seed();
  pg = await PGlite.create(dataDir, {
    extensions: { pg_trgm, btree_gist },
    ...(loadDataDir ? { loadDataDir } : {}),
    ...(startParams ? { startParams } : {}),
  });
  client = new pgClient.Client(/** @type {pgClient.ClientConfig} */ (/** @type {unknown} */ (createPgConfig(pg))));
  await client.connect();
  port.postMessage(/** @satisfies {WorkerStartup} */ ({ ready: true }));
} catch (err) {
  port.postMessage(/** @satisfies {WorkerStartup} */ ({ ready: false, error: serializeError(err) }));
  throw err;
}

/**
 * @param {WorkerRequest} req
 * @returns {Promise<WorkerReply>}
 */
async function answer(req) {
  try {
    switch (req.op) {
      case 'query': {
        const r = await client.query({ text: req.sql, values: req.params, ...(req.name ? { name: req.name } : {}) });
        return { id: req.id, ok: true, rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
      }
      case 'exec':
        await client.query(req.sql);
        return { id: req.id, ok: true };
      case 'dumpTo': {
        const tarball = await pg.dumpDataDir('none');
        writeFileSync(req.file, Buffer.from(await tarball.arrayBuffer()), { mode: 0o600 });
        return { id: req.id, ok: true };
      }
      case 'close':
        await client.end().catch(() => undefined);
        if (!pg.closed) await pg.close();
        return { id: req.id, ok: true };
    }
  } catch (err) {
    return { id: req.id, ok: false, error: serializeError(err) };
  }
}

port.on('message', (/** @type {WorkerRequest} */ req) => {
  // PGlite queues its own calls, so answers come back in request order.
  void answer(req).then((reply) => {
    try {
      port.postMessage(reply);
    } catch (err) {
      // rows that cannot be cloned: say so rather than leave the caller waiting
      port.postMessage(/** @satisfies {WorkerReply} */ ({ id: req.id, ok: false, error: serializeError(err) }));
    }
  });
});
