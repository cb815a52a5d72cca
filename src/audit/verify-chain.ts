/**
 * `hale audit verify`: walks the chain (audit_chain) in chain_pos order with the records it
 * seals, page by page, recomputes every HMAC and names the first problem: a tampered record,
 * a missing one (its record or its link deleted), an inserted one (in the chain, or in the
 * trail below the point sealing has passed), reordered records, or a truncated tail (against
 * the signed checkpoint outside the database).
 */
import type { Queryable } from '../db/types.ts';
import { AUDIT_WITH_CHAIN, CHAIN_COLUMNS, GENESIS, chainHash, type ChainRow } from './audit-chain.ts';
import { checkpointValid, readCheckpoint } from './checkpoint.ts';

export type ProblemKind = 'tampered' | 'missing' | 'inserted' | 'reordered' | 'truncated' | 'checkpoint-tampered';

export interface VerifyReport {
  ok: boolean;
  sealed: number;
  unsealed: number;
  problem?: { kind: ProblemKind; chainPos: number; seq?: string; message: string };
  checkpoint?: { chainPos: number; hash: string; sealedAt: string } | undefined;
}

const PAGE = 5000;

/** A link of the chain with the record it seals (seq is the link's: USING merges it), or `gone` when that record was deleted. */
type LinkRow = ChainRow & { gone: boolean };

export async function verifyAuditChain(db: Queryable, opts: { key: string; checkpointFile: string }): Promise<VerifyReport> {
  const unsealed = Number(
    (await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${AUDIT_WITH_CHAIN} WHERE audit_chain.seq IS NULL`)).rows[0]?.n ?? 0,
  );
  const { checkpoint, problem: cpProblem } = readCheckpoint(opts.checkpointFile);
  const report = (sealed: number, problem?: VerifyReport['problem']): VerifyReport => ({
    ok: !problem,
    sealed,
    unsealed,
    ...(problem ? { problem } : {}),
    checkpoint: checkpoint ? { chainPos: checkpoint.chainPos, hash: checkpoint.hash, sealedAt: checkpoint.sealedAt } : undefined,
  });
  if (cpProblem) return report(0, { kind: 'checkpoint-tampered', chainPos: 0, message: cpProblem });
  if (checkpoint && !checkpointValid(checkpoint, opts.key)) {
    return report(0, {
      kind: 'checkpoint-tampered',
      chainPos: checkpoint.chainPos,
      message: 'the checkpoint outside the database does not carry a valid signature',
    });
  }

  let prev = GENESIS;
  let expected = 1;
  let cursor = 0; // highest chain_pos fetched so far
  let checked = 0;
  let carry: LinkRow[] = [];
  for (;;) {
    const page = (
      await db.query<LinkRow>(
        `SELECT ${CHAIN_COLUMNS}, audit_event.seq IS NULL AS gone
           FROM audit_chain LEFT JOIN audit_event USING (seq) WHERE audit_chain.chain_pos > $1 ORDER BY audit_chain.chain_pos LIMIT ${PAGE}`,
        [cursor],
      )
    ).rows;
    if (page.length) cursor = Number(page[page.length - 1]!.chain_pos);
    const rows = [...carry, ...page];
    carry = [];
    if (!rows.length) break;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const pos = Number(row.chain_pos);
      // Keep one row in hand across pages: telling a swap or an insertion needs the next row.
      if (i === rows.length - 1 && page.length === PAGE) {
        carry = [row];
        break;
      }
      if (pos > expected) {
        return report(checked, {
          kind: 'missing',
          chainPos: expected,
          message: `record ${expected}${pos - expected > 1 ? ` to ${pos - 1}` : ''} of the chain is missing (the next present is ${pos}, seq ${row.seq})`,
        });
      }
      if (row.gone) {
        return report(checked, {
          kind: 'missing',
          chainPos: pos,
          seq: row.seq,
          message: `record ${pos} of the chain (seq ${row.seq}) is missing from the audit trail (deleted)`,
        });
      }
      if (!row.hash) {
        return report(checked, {
          kind: 'tampered',
          chainPos: pos,
          seq: row.seq,
          message: `record ${pos} (seq ${row.seq}) has a chain position but no hash (its hash was removed)`,
        });
      }
      if (chainHash(opts.key, prev, row, String(pos)) !== row.hash) {
        const next = rows[i + 1];
        if (next?.hash && chainHash(opts.key, prev, next, String(pos)) === next.hash) {
          // The next row belongs here. If this row then fits after it, two rows swapped places;
          // otherwise this row was put in and everything after it moved down.
          const swapped = chainHash(opts.key, next.hash, row, String(pos + 1)) === row.hash;
          return report(checked, {
            kind: swapped ? 'reordered' : 'inserted',
            chainPos: pos,
            seq: row.seq,
            message: swapped
              ? `records ${pos} and ${pos + 1} were reordered (seq ${row.seq} and ${next.seq})`
              : `record ${pos} (seq ${row.seq}) was inserted into the chain`,
          });
        }
        if (checkpoint && pos > checkpoint.chainPos && i === rows.length - 1) {
          return report(checked, {
            kind: 'inserted',
            chainPos: pos,
            seq: row.seq,
            message: `record ${pos} (seq ${row.seq}) at the end of the chain does not verify: inserted`,
          });
        }
        return report(checked, {
          kind: 'tampered',
          chainPos: pos,
          seq: row.seq,
          message: `record ${pos} (seq ${row.seq}) was changed after it was sealed`,
        });
      }
      prev = row.hash;
      expected = pos + 1;
      checked++;
    }
    if (!carry.length && page.length < PAGE) break;
  }
  // Sealing has passed every seq up to sealed_through: a record down there outside the chain was put in afterwards.
  const stray = (
    await db.query<{ seq: string }>(
      `SELECT audit_event.seq::text AS seq FROM ${AUDIT_WITH_CHAIN}
        WHERE audit_chain.seq IS NULL AND audit_event.seq <= (SELECT sealed_through FROM audit_seal_state) ORDER BY audit_event.seq LIMIT 1`,
    )
  ).rows[0];
  if (stray) {
    return report(checked, {
      kind: 'inserted',
      chainPos: 0,
      seq: stray.seq,
      message: `record seq ${stray.seq} is in the audit trail but not in the chain, among records that were all sealed: inserted`,
    });
  }
  if (checkpoint) {
    if (checked < checkpoint.chainPos) {
      return report(checked, {
        kind: 'truncated',
        chainPos: checked + 1,
        message: `the chain ends at record ${checked} but the checkpoint outside the database says ${checkpoint.chainPos}: the newest ${checkpoint.chainPos - checked} sealed record(s) were deleted`,
      });
    }
    const at = (await db.query<{ hash: string }>('SELECT hash FROM audit_chain WHERE chain_pos = $1', [checkpoint.chainPos])).rows[0];
    if (at?.hash !== checkpoint.hash) {
      return report(checked, {
        kind: 'tampered',
        chainPos: checkpoint.chainPos,
        message: `record ${checkpoint.chainPos} does not match the checkpoint's hash`,
      });
    }
  }
  return report(checked);
}
