/**
 * The embedded engine's worker thread: owns one PGlite instance and answers the main
 * thread's requests one at a time, in order. It runs off the main thread because PGlite
 * can wedge inside a statement (a spin in the WASM when PostgreSQL cannot create its next
 * WAL segment on a full disk); here that only stalls this thread, which the main side
 * detects and terminates, while the HTTP server stays responsive.
 *
 * Messages: see pglite-protocol.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pgClient from 'pg';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { serializeError, type WorkerOptions, type WorkerReply, type WorkerRequest, type WorkerStartup } from './pglite-protocol.ts';

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs only as a worker thread');
const { dataDir, seedFile } = (workerData ?? {}) as WorkerOptions;

/**
 * The seed tarball, only when there is no database to open yet (PGlite refuses to load over
 * one). PGlite only calls arrayBuffer() on it; a Blob would copy the 40 MB file in and read it
 * back out through a stream (about 0.5 s per start), so the file's own buffer is handed over.
 */
function seed(): Blob | undefined {
  if (!seedFile || (dataDir && existsSync(path.join(dataDir, 'PG_VERSION')))) return undefined;
  const bytes = readFileSync(seedFile);
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { type: 'application/x-tar', size: bytes.byteLength, arrayBuffer: async () => buffer } as unknown as Blob;
}

/**
 * In memory, the data folder's pages are in memory already: PostgreSQL's default 128 MB of
 * shared buffers would only hold second copies of them, and zeroing it costs about 0.4 s at
 * each start (the test suite starts a hundred such databases).
 */
const startParams = dataDir ? undefined : [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

let pg: PGlite;
/**
 * Statements go through node-postgres on PGlite's wire protocol, as on a PostgreSQL server:
 * a named statement is parsed and planned once for the life of the instance (PGlite's own
 * query() plans every call, which for the access policy's long statements cost more than
 * running them), and values come back parsed as the PostgreSQL engine's pool gives them.
 */
let client: pgClient.Client;
try {
  const loadDataDir = seed();
  pg = await PGlite.create(dataDir, {
    extensions: { pg_trgm, btree_gist },
    ...(loadDataDir ? { loadDataDir } : {}),
    ...(startParams ? { startParams } : {}),
  });
  client = new pgClient.Client(createPgConfig(pg) as unknown as pgClient.ClientConfig);
  await client.connect();
  port.postMessage({ ready: true } satisfies WorkerStartup);
} catch (err) {
  port.postMessage({ ready: false, error: serializeError(err) } satisfies WorkerStartup);
  throw err;
}

async function answer(req: WorkerRequest): Promise<WorkerReply> {
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

port.on('message', (req: WorkerRequest) => {
  // PGlite queues its own calls, so answers come back in request order.
  void answer(req).then((reply) => {
    try {
      port.postMessage(reply);
    } catch (err) {
      // rows that cannot be cloned: say so rather than leave the caller waiting
      port.postMessage({ id: req.id, ok: false, error: serializeError(err) } satisfies WorkerReply);
    }
  });
});
