/**
 * The audit sealer on a thread of its own (PostgreSQL servers): reading each new record back
 * and computing its HMAC cost the request thread 5-9% of its time on a busy server. The
 * worker opens one connection of its own and runs the same sealPending as the in-process
 * sealer, every second and when asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPostgres } from '../db/postgres-engine.ts';
import { sealPending } from './seal.ts';
import type { SealReply, SealRequest, SealWorkerData } from './seal-worker-protocol.ts';

const data = workerData as SealWorkerData;
const port = parentPort!;
const post = (msg: SealReply) => port.postMessage(msg);

const db = await openPostgres({
  connectionString: data.connectionString,
  poolMax: 1,
  ...(data.schema ? { schema: data.schema } : {}),
  statementTimeoutMs: data.statementTimeoutMs,
});

let sealing: Promise<number> | undefined;
/** One round at a time; a request made during a round waits for it and runs another (records committed since are included). */
async function sealNow(): Promise<number> {
  while (sealing) await sealing.catch(() => 0);
  sealing = sealPending(db, data.key, data.checkpointFile, (alarm) => post({ alarm }));
  try {
    return await sealing;
  } finally {
    sealing = undefined;
  }
}

const message = (err: unknown) => String((err as Error)?.message ?? err);
const timer = setInterval(() => void sealNow().catch((err: unknown) => post({ failed: message(err) })), data.sealEveryMs);

async function answer(req: SealRequest): Promise<void> {
  let reply: SealReply;
  try {
    reply = { id: req.id, sealed: await sealNow() };
  } catch (err) {
    reply = { id: req.id, error: message(err) };
  }
  if (req.op === 'close') {
    clearInterval(timer);
    await db.close().catch(() => undefined);
  }
  post(reply);
  if (req.op === 'close') port.close();
}

port.on('message', (req: SealRequest) => void answer(req));
post({ ready: true });
