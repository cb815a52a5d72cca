/**
 * The chain head (last sealed position and its hash), kept outside the database and signed
 * with the audit key: deleting the newest rows (and with them the chain's tail) leaves the
 * table consistent with itself, but not with the checkpoint. Written atomically (temp file
 * and rename), mode 0600. HALE_AUDIT_CHECKPOINT_FILE puts it on storage every instance
 * shares. Whether a new head may replace the old one is decided in advance-checkpoint.ts.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { macOf } from './audit-chain.ts';

export interface Checkpoint {
  chainPos: number;
  hash: string;
  sealedAt: string;
  mac: string;
}

function body(c: Omit<Checkpoint, 'mac'>): string {
  return JSON.stringify([c.chainPos, c.hash, c.sealedAt]);
}

export function readCheckpoint(file: string): { checkpoint?: Checkpoint; problem?: string } {
  if (!existsSync(file)) return {};
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
    if (typeof c.chainPos !== 'number' || typeof c.hash !== 'string' || typeof c.mac !== 'string')
      return { problem: 'the checkpoint file is malformed' };
    return { checkpoint: c };
  } catch {
    return { problem: 'the checkpoint file is unreadable' };
  }
}

export function checkpointValid(c: Checkpoint, key: string): boolean {
  return macOf(key, body(c)) === c.mac;
}

/** Replaces the file as one rename; the temp name is unique, so instances sharing a mounted file never write into each other's. */
export function writeCheckpointFile(file: string, key: string, chainPos: number, hash: string): void {
  const c = { chainPos, hash, sealedAt: new Date().toISOString() };
  const tmp = `${file}.${randomUUID()}.tmp`;
  writeFileSync(tmp, JSON.stringify({ ...c, mac: macOf(key, body(c)) }, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
  chmodSync(file, 0o600);
}
