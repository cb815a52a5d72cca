/**
 * Sealing: unsealed rows, in seq order, get the next chain positions and their HMACs. One
 * sealer at a time across all instances (an advisory lock inside the sealing transaction).
 * A row whose transaction commits late, with a seq below rows already sealed, is simply
 * sealed in a later round at a later position: the chain's order is chain_pos.
 */
import type { Queryable } from '../db/types.ts';
import { CHAIN_COLUMNS, GENESIS, chainHash, type ChainRow } from './audit-chain.ts';
import { tryLockForTransaction } from '../db/advisory-lock.ts';
import { advanceCheckpoint, checkpointMissing } from './advance-checkpoint.ts';

const PAGE = 5000;
/** A refused checkpoint is reported at most this often per file (the sealer runs every second). */
const ALARM_EVERY_MS = 60_000;
const lastAlarm = new Map<string, number>();

/** Receives the reason the checkpoint could not move (the chain no longer extends it). */
export type SealAlarm = (message: string) => void;

const defaultAlarm: SealAlarm = (message) => process.emitWarning(message, 'HaleAuditAlarm');

function raise(alarm: SealAlarm, file: string, message: string): void {
  const now = Date.now();
  if (now - (lastAlarm.get(file) ?? -Infinity) < ALARM_EVERY_MS) return;
  lastAlarm.set(file, now);
  alarm(message);
}

export async function sealPending(db: Queryable, key: string, checkpointFile: string, alarm: SealAlarm = defaultAlarm): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.transaction(async (tx) => {
      if (!(await tryLockForTransaction(tx, 'audit-seal'))) return undefined;
      const head = await tx.query<{ chain_pos: string; hash: string }>(
        'SELECT chain_pos::text AS chain_pos, hash FROM audit_event WHERE chain_pos IS NOT NULL ORDER BY audit_event.chain_pos DESC LIMIT 1',
      );
      let pos = Number(head.rows[0]?.chain_pos ?? 0);
      let prev = head.rows[0]?.hash ?? GENESIS;
      const rows = (
        await tx.query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM audit_event WHERE chain_pos IS NULL ORDER BY audit_event.seq LIMIT ${PAGE}`)
      ).rows;
      if (!rows.length) return { sealed: 0, pos };
      const seqs: string[] = [];
      const positions: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        pos++;
        prev = chainHash(key, prev, row, String(pos));
        seqs.push(row.seq);
        positions.push(String(pos));
        hashes.push(prev);
      }
      await tx.query(
        'UPDATE audit_event a SET chain_pos = x.p::bigint, hash = x.h FROM unnest($1::text[], $2::text[], $3::text[]) AS x(s, p, h) WHERE a.seq = x.s::bigint',
        [seqs, positions, hashes],
      );
      return { sealed: rows.length, pos };
    });
    if (!result) return total; // another instance is sealing (and moves the checkpoint)
    if (result.pos > 0 && (result.sealed > 0 || checkpointMissing(checkpointFile))) {
      const moved = await advanceCheckpoint(db, key, checkpointFile);
      if (moved.refused) raise(alarm, checkpointFile, moved.refused);
    }
    total += result.sealed;
    if (result.sealed < PAGE) return total;
  }
}
