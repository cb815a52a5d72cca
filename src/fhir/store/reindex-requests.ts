/**
 * Requests to rebuild the search index (table hale_reindex, migration 0008): a migration
 * that changes extraction inserts one; the server's start-up (reindex-on-start.ts) or
 * `hale reindex` works them off. Progress is shared by all pending requests, so one pass
 * serves them all and a pass stopped at any point resumes after its last batch.
 */
import type { Database, Queryable } from '../../db/types.ts';
import { tryLockForTransaction } from '../../db/advisory-lock.ts';
import { countReindexTargets, type ReindexBatch, type ReindexCursor } from './reindex.ts';

export interface PendingReindex {
  ids: number[];
  reasons: string[];
  /** The types the pending requests are about; absent when one of them is about every type. */
  types?: string[];
  /** Where to resume; absent when some request has not started (a full pass is needed). */
  after?: ReindexCursor;
  resourcesDone: number;
}

interface RequestRow {
  id: string | number;
  reason: string;
  resource_types: string[] | null;
  last_type: string | null;
  last_id: string | null;
  resources_done: string | number;
}

export async function pendingReindex(db: Queryable): Promise<PendingReindex | undefined> {
  // Ordered by cursor with NULLS FIRST: the first row is where every request is covered
  // from (the same collation as the keyset comparison in reindex.ts).
  const r = await db.query<RequestRow>(
    `SELECT id, reason, resource_types, last_type, last_id, resources_done FROM hale_reindex WHERE done_at IS NULL
      ORDER BY last_type NULLS FIRST, last_id NULLS FIRST, id`,
  );
  const first = r.rows[0];
  if (!first) return undefined;
  const rows = [...r.rows].sort((a, b) => Number(a.id) - Number(b.id));
  // One pass serves every request, so it covers the union of their types (all, if one says all).
  const types = rows.some((row) => row.resource_types === null)
    ? undefined
    : [...new Set(rows.flatMap((row) => row.resource_types ?? []))].sort();
  return {
    ids: rows.map((row) => Number(row.id)),
    reasons: rows.map((row) => row.reason),
    ...(types ? { types } : {}),
    ...(first.last_type !== null && first.last_id !== null ? { after: { type: first.last_type, id: first.last_id } } : {}),
    resourcesDone: first.last_type === null ? 0 : Number(first.resources_done),
  };
}

/** `types`: only resources of these types need it (default: every type). */
export async function requestReindex(db: Queryable, reason: string, types?: readonly string[]): Promise<number> {
  const r = await db.query<{ id: string | number }>('INSERT INTO hale_reindex (reason, resource_types) VALUES ($1, $2) RETURNING id', [
    reason,
    types ? [...types] : null,
  ]);
  return Number(r.rows[0]!.id);
}

/** Before a pass: a full one (no `after`) starts every request's progress afresh. */
export async function beginReindexPass(db: Queryable, pending: PendingReindex): Promise<void> {
  await db.query(
    `UPDATE hale_reindex SET started_at = coalesce(started_at, now()),
            last_type = CASE WHEN $2::boolean THEN NULL ELSE last_type END,
            last_id = CASE WHEN $2::boolean THEN NULL ELSE last_id END,
            resources_done = CASE WHEN $2::boolean THEN 0 ELSE resources_done END
      WHERE id = ANY($1::bigint[]) AND done_at IS NULL`,
    [pending.ids, pending.after === undefined],
  );
}

/** In the batch's transaction: the batch and the position move together. */
export async function recordReindexProgress(tx: Queryable, ids: readonly number[], batch: ReindexBatch): Promise<void> {
  await tx.query(
    `UPDATE hale_reindex SET last_type = $2, last_id = $3, resources_done = resources_done + $4
      WHERE id = ANY($1::bigint[]) AND done_at IS NULL`,
    [ids, batch.cursor.type, batch.cursor.id, batch.resources],
  );
}

export async function markReindexDone(db: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query('UPDATE hale_reindex SET done_at = now() WHERE id = ANY($1::bigint[]) AND done_at IS NULL', [ids]);
}

/** Ids of the requests pending now: a full pass started after this covers them. */
export async function pendingRequestIds(db: Queryable): Promise<number[]> {
  const r = await db.query<{ id: string | number }>('SELECT id FROM hale_reindex WHERE done_at IS NULL ORDER BY id');
  return r.rows.map((row) => Number(row.id));
}

/**
 * Runs fn while holding the reindex lock, or answers 'busy' when another process holds
 * it. On PostgreSQL the lock is a transaction-scoped advisory lock held by a transaction
 * that stays open (idle, no snapshot) while fn works on other pool connections. The
 * embedded engine needs none: its data-folder lock already admits one process, and its
 * single connection could not serve fn while a lock transaction held it.
 */
export async function withReindexLock<T>(db: Database, fn: () => Promise<T>): Promise<T | 'busy'> {
  if (db.engine === 'pglite') return fn();
  return db.transaction(async (tx) => {
    if (!(await tryLockForTransaction(tx, 'reindex'))) return 'busy' as const;
    return fn();
  });
}

export interface ReindexProgressReport {
  reasons: string[];
  /** Absent: every type. */
  types?: string[];
  resourcesDone: number;
  resourcesTotal: number;
}

/** What is pending and how far its pass has got, for a progress bar; undefined when nothing is. */
export async function reindexProgressReport(db: Queryable): Promise<ReindexProgressReport | undefined> {
  const pending = await pendingReindex(db);
  if (!pending) return undefined;
  const resourcesTotal = await countReindexTargets(db, pending.types);
  return {
    reasons: pending.reasons,
    ...(pending.types ? { types: pending.types } : {}),
    resourcesDone: Math.min(pending.resourcesDone, resourcesTotal),
    resourcesTotal,
  };
}
