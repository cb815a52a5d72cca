/**
 * Sealing: unsealed rows, in seq order, get the next chain positions and their HMACs. One
 * sealer at a time across all instances (an advisory lock inside the sealing transaction).
 * A row whose transaction commits late, with a seq below rows already sealed, is simply
 * sealed in a later round at a later position: the chain's order is chain_pos.
 */
import type { Database } from '../db/types.ts';
import { CHAIN_COLUMNS, GENESIS, chainHash, type ChainRow } from './audit-chain.ts';
import { writeCheckpoint } from './checkpoint.ts';

const SEAL_LOCK = 72610013;
const PAGE = 5000;

export async function sealPending(db: Database, key: string, checkpointFile: string): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.transaction(async (tx) => {
      const locked = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [SEAL_LOCK]);
      if (!locked.rows[0]?.ok) return undefined;
      const head = await tx.query<{ chain_pos: string; hash: string }>(
        'SELECT chain_pos::text AS chain_pos, hash FROM audit_event WHERE chain_pos IS NOT NULL ORDER BY audit_event.chain_pos DESC LIMIT 1',
      );
      let pos = Number(head.rows[0]?.chain_pos ?? 0);
      let prev = head.rows[0]?.hash ?? GENESIS;
      const rows = (
        await tx.query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM audit_event WHERE chain_pos IS NULL ORDER BY audit_event.seq LIMIT ${PAGE}`)
      ).rows;
      if (!rows.length) return { sealed: 0, pos, prev };
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
      return { sealed: rows.length, pos, prev };
    });
    if (!result) return total; // another instance is sealing
    if (result.pos > 0) writeCheckpoint(checkpointFile, key, result.pos, result.prev);
    total += result.sealed;
    if (result.sealed < PAGE) return total;
  }
}
