/**
 * Moving the checkpoint to the chain's new head, but only along the chain it already
 * vouches for. The checkpoint is the evidence of a deleted tail: if a sealer simply moved it
 * to the table's head, then after a truncation the chain would regrow past the old position
 * within seconds and the evidence would be overwritten; likewise a checkpoint whose
 * signature does not verify would be replaced by a fresh valid one. So the new head is
 * written only when the row at the checkpoint's position still carries the checkpoint's
 * hash; otherwise the file is left exactly as found and the caller raises the alarm.
 *
 * Runs under the sealers' advisory lock (in a transaction of its own, after the sealing
 * committed, so the file never runs ahead of committed rows): checkpoint writes of several
 * instances sharing one file are serialised and it never moves backwards.
 */
import { existsSync } from 'node:fs';
import { lockForTransaction } from '../db/advisory-lock.ts';
import type { Queryable } from '../db/types.ts';
import { checkpointValid, readCheckpoint, writeCheckpointFile } from './checkpoint.ts';

export interface CheckpointAdvance {
  written: boolean;
  /** Why the checkpoint was kept as it is although the chain grew: a security alarm. */
  refused?: string;
}

export function checkpointMissing(file: string): boolean {
  return !existsSync(file);
}

export async function advanceCheckpoint(db: Queryable, key: string, file: string): Promise<CheckpointAdvance> {
  return db.transaction(async (tx) => {
    await lockForTransaction(tx, 'audit-seal');
    const head = (
      await tx.query<{ chain_pos: string; hash: string | null }>(
        'SELECT chain_pos::text AS chain_pos, hash FROM audit_chain ORDER BY audit_chain.chain_pos DESC LIMIT 1',
      )
    ).rows[0];
    if (!head?.hash) return { written: false };
    const headPos = Number(head.chain_pos);
    const { checkpoint, problem } = readCheckpoint(file);
    const keep = (why: string): CheckpointAdvance => ({
      written: false,
      refused: `Audit checkpoint ${file} left unchanged: ${why}. Run \`hale audit verify\`.`,
    });
    if (problem) return keep(problem);
    if (checkpoint) {
      if (!checkpointValid(checkpoint, key)) return keep('its signature does not verify (edited, or written with another audit key)');
      if (checkpoint.chainPos > headPos) {
        return keep(`it vouches for record ${checkpoint.chainPos} but the chain now ends at ${headPos} (sealed records were deleted)`);
      }
      const at = (
        await tx.query<{ hash: string | null }>('SELECT hash FROM audit_chain WHERE chain_pos = $1', [String(checkpoint.chainPos)])
      ).rows[0];
      if (at?.hash !== checkpoint.hash) {
        return keep(`record ${checkpoint.chainPos} no longer carries the hash the checkpoint vouches for (the chain was rewritten)`);
      }
      if (checkpoint.chainPos === headPos) return { written: false };
    }
    writeCheckpointFile(file, key, headPos, head.hash);
    return { written: true };
  });
}
