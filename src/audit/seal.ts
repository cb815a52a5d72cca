/**
 * Sealing: committed records not yet in the chain get the next chain positions and their
 * HMACs, written to audit_chain (INSERT only; the records themselves are never updated). One
 * sealer at a time across all instances (an advisory lock inside the sealing transaction).
 *
 * Finding the unsealed records without scanning the whole trail: every record up to
 * `sealed_through` is sealed, so each round looks only above it, at records the chain does
 * not hold yet. A record whose transaction commits late, with a seq below records already
 * sealed, is still found there, and sealed in a later round at a later position: the chain's
 * order is chain_pos. `sealed_through` moves up only to a seq that no running transaction can
 * still commit below (audit_seal_state in migration 0021).
 */
import type { Queryable } from '../db/types.ts';
import { AUDIT_WITH_CHAIN, GENESIS, SEAL_FIELDS, chainHashOfFields } from './audit-chain.ts';
import { tryLockForTransaction } from '../db/advisory-lock.ts';
import { advanceCheckpoint, checkpointMissing } from './advance-checkpoint.ts';

const PAGE = 5000;
/**
 * And at most about this much JSON text a page (at least one record): records that list many
 * results (a search page of 1,000 ids is some 50 kB) must not make one page a string too
 * large to hold, or the sealer would fail on that page every round.
 */
export const PAGE_BYTES = 8_000_000;
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
      const settled = await settledThrough(tx);
      const head = await tx.query<{ chain_pos: string; hash: string | null }>(
        'SELECT chain_pos::text AS chain_pos, hash FROM audit_chain ORDER BY audit_chain.chain_pos DESC LIMIT 1',
      );
      let pos = Number(head.rows[0]?.chain_pos ?? 0);
      let prev = head.rows[0]?.hash ?? GENESIS;
      // Below the newest sealed record only late commits can be unsealed: look there when
      // sealed_through can move past them, not on every round (a long transaction elsewhere
      // holds it back, and the records sealed meanwhile would be read again each second).
      const start = settled.through > settled.from ? settled.from : Math.max(settled.from, await newestSealedSeq(tx));
      // The page comes back as one JSON text (see SEAL_FIELDS): one parse for all its records.
      // `more`: the page was cut, by count or by size, so more records may wait.
      const { page, more } = (
        await tx.query<{ page: string | null; more: boolean }>(
          `SELECT json_agg(fields ORDER BY seq)::text AS page,
                  COALESCE(count(*) < max(candidates) OR max(candidates) = ${PAGE}, false) AS more FROM (
             SELECT seq, fields, count(*) OVER () AS candidates, sum(size) OVER (ORDER BY seq) - size AS before
               FROM (SELECT seq, fields, length(fields::text) AS size
                       FROM (SELECT audit_event.seq, ${SEAL_FIELDS} AS fields FROM ${AUDIT_WITH_CHAIN}
                              WHERE seq > $1 AND audit_chain.seq IS NULL ORDER BY audit_event.seq LIMIT ${PAGE}) AS unsealed) AS measured) AS sized
            WHERE before < ${PAGE_BYTES}`,
          [start],
        )
      ).rows[0]!;
      const rows = page ? (JSON.parse(page) as unknown[][]) : [];
      const firstPos = pos;
      const seqs: string[] = [];
      const hashes: string[] = [];
      for (const fields of rows) {
        seqs.push(fields[0] as string);
        pos++;
        prev = chainHashOfFields(key, prev, fields, String(pos));
        hashes.push(prev);
      }
      if (rows.length)
        await tx.query(
          `INSERT INTO audit_chain (chain_pos, seq, hash)
           SELECT $1::bigint + o, s::bigint, h FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS x(s, h, o)`,
          [String(firstPos), seqs, hashes],
        );
      // Everything up to the settled seq is sealed once no page was cut short below it.
      if (!more || Number(seqs[seqs.length - 1]) >= settled.through) await settled.commit();
      return { sealed: rows.length, pos, more };
    });
    if (!result) return total; // another instance is sealing (and moves the checkpoint)
    if (result.pos > 0 && (result.sealed > 0 || checkpointMissing(checkpointFile))) {
      const moved = await advanceCheckpoint(db, key, checkpointFile);
      if (moved.refused) raise(alarm, checkpointFile, moved.refused);
    }
    total += result.sealed;
    if (!result.more) return total;
  }
}

async function newestSealedSeq(tx: Queryable): Promise<number> {
  return Number((await tx.query<{ s: string }>('SELECT COALESCE(max(seq), 0)::text AS s FROM audit_chain')).rows[0]!.s);
}

/**
 * Where this round starts (`from`: every record up to it is sealed) and the seq it may then
 * declare sealed (`through`): the seq handed out last when the previous round looked, if
 * every transaction running then has ended. Such a transaction may hold a seq at or below it
 * and commit later: its transaction id is taken before its seq (the seq column's default, migration 0024), so
 * it was in the snapshot taken after reading the sequence. `commit()` records the move and
 * takes a new snapshot for the next round.
 */
async function settledThrough(tx: Queryable): Promise<{ from: number; through: number; commit: () => Promise<void> }> {
  const state = (
    await tx.query<{ sealed_through: string; pending_through: string | null; done: boolean }>(
      `SELECT sealed_through::text, pending_through::text,
              pending_snapshot IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM pg_snapshot_xip(pending_snapshot::pg_snapshot) x WHERE pg_xact_status(x) = 'in progress') AS done
         FROM audit_seal_state`,
    )
  ).rows[0];
  const from = Number(state?.sealed_through ?? 0);
  const through = state?.done && state.pending_through !== null ? Number(state.pending_through) : from;
  return {
    from,
    through,
    commit: async () => {
      // Read the sequence before taking the snapshot: a transaction that got a seq up to
      // `handed` had its id by then, so it is in the snapshot or has ended.
      const handed = (
        await tx.query<{ v: string }>(
          'SELECT (CASE WHEN is_called THEN last_value ELSE last_value - 1 END)::text AS v FROM audit_event_seq_seq',
        )
      ).rows[0]!.v;
      const snapshot = (await tx.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s')).rows[0]!.s;
      // A missing row (never expected after migration 0021) starts again from nothing sealed.
      if (!state || state.done || state.pending_through === null)
        await tx.query(
          `INSERT INTO audit_seal_state (sealed_through, pending_through, pending_snapshot) VALUES ($1, $2, $3)
           ON CONFLICT (one) DO UPDATE SET sealed_through = EXCLUDED.sealed_through, pending_through = EXCLUDED.pending_through,
             pending_snapshot = EXCLUDED.pending_snapshot`,
          [String(through), handed, snapshot],
        );
    },
  };
}
