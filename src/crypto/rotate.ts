/**
 * Key rotation: add a key, make it active, then re-encrypt every stored ciphertext of the
 * older keys with it, in batches, while the server keeps serving.
 *
 * - Reads keep working throughout: old and new keys are both in the ring (a server that
 *   meets the new kid reloads its key source once).
 * - Rows are updated in place: the clear content does not change, so no FHIR version is
 *   written, and the search index is untouched (blind indexes use the stable index key).
 * - Keyset pagination over `resource`, then `resource_history`; each batch is one
 *   transaction that locks its rows, rewrites them and records its position in
 *   field_key_rotation, so a rotation stopped at any point resumes after its last batch.
 * - Servers that have not noticed the new key yet may still write old-kid values while the
 *   pass runs; a final check re-runs the pass until no old-kid value is left. Only then
 *   are the old keys marked retired (kept, so backups stay readable) and the rotation
 *   recorded finished.
 */
import type { Queryable } from '../db/types.ts';
import { ciphertextKid } from './ciphertext.ts';
import { mapCiphertextsInJson } from './ciphertext-walk.ts';
import type { KeyRing } from './key-ring.ts';

type Table = 'resource' | 'resource_history';
const TABLES: readonly Table[] = ['resource', 'resource_history'];
/** Passes over the tables before giving up on values that servers keep writing with an old key. */
const MAX_PASSES = 3;

export interface RotationStart {
  rotationId: number;
  toKid: string;
  fromKids: string[];
  rowsTotal: number;
  /** True when an interrupted rotation was picked up instead of starting a new one. */
  resumed: boolean;
  /** True when this call added the key (false on resume, and for keys from HALE_FIELD_KEYS). */
  addedKey: boolean;
}

export interface RotationProgress {
  rotationId: number;
  toKid: string;
  table: Table;
  rowsTotal: number;
  rowsDone: number;
}

export interface RotationResult extends RotationStart {
  /** finished; interrupted (signal); incomplete (old-kid values still being written: run again). */
  status: 'finished' | 'interrupted' | 'incomplete';
  rowsDone: number;
  /** Rows re-encrypted by this call, per table. */
  resourceRows: number;
  historyRows: number;
  /** Rows still holding an old kid (0 when finished). */
  remaining: number;
  retiredKids: string[];
  elapsedMs: number;
}

export interface RotateOptions {
  db: Queryable;
  keyRing: KeyRing;
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  onStart?: (start: RotationStart) => void;
  /** Called after each committed batch. */
  onProgress?: (progress: RotationProgress) => void | Promise<void>;
  /** Rows per batch (one transaction each); default 500. */
  batchSize?: number;
  /** Stops after the current batch; the rotation stays 'running' and the next call resumes it. */
  signal?: AbortSignal;
}

/** Refused before anything changed (keys from the environment, nothing to do). */
export class RotationRefusedError extends Error {
  override readonly name = 'RotationRefusedError';
}

interface RotationRow {
  id: string | number;
  from_kids: string[];
  to_kid: string;
  rows_total: string | number;
  rows_done: string | number;
  last_table: Table;
  last_key_type: string | null;
  last_key_id: string | null;
  last_key_version: string | number | null;
}

interface Cursor {
  table: Table;
  type: string | null;
  id: string | null;
  version: number | null;
}

const likePatterns = (kids: readonly string[]) => kids.map((k) => `%"hale-enc:v1:${k}:%`);

export async function countRowsWithKids(db: Queryable, kids: readonly string[]): Promise<number> {
  if (kids.length === 0) return 0;
  const r = await db.query<{ n: string }>(
    `SELECT ((SELECT count(*) FROM resource WHERE content LIKE ANY($1::text[]))
           + (SELECT count(*) FROM resource_history WHERE content LIKE ANY($1::text[])))::text AS n`,
    [likePatterns(kids)],
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** Stored JSON with every ciphertext not under `toKid` re-encrypted under it; other bytes unchanged. */
export function reencryptJson(json: string, keyRing: KeyRing, toKid: string): string {
  return mapCiphertextsInJson(json, (token, path) =>
    ciphertextKid(token) === toKid ? token : keyRing.encrypt(keyRing.decrypt(token, path), path, toKid),
  );
}

export async function rotateKeys(opts: RotateOptions): Promise<RotationResult> {
  const { db, keyRing } = opts;
  const batchSize = opts.batchSize ?? 500;
  const startedAt = Date.now();
  keyRing.reload();

  const { row, start } = await beginOrResume(db, keyRing, opts);
  opts.onStart?.(start);
  opts.logger?.info({ ...start }, start.resumed ? 'key rotation resumed' : 'key rotation started');

  const rotationId = start.rotationId;
  const fromKids = start.fromKids;
  let rowsTotal = start.rowsTotal;
  let rowsDone = Number(row.rows_done);
  const counts: Record<Table, number> = { resource: 0, resource_history: 0 };
  let cursor: Cursor = {
    table: row.last_table,
    type: row.last_key_type,
    id: row.last_key_id,
    version: row.last_key_version === null ? null : Number(row.last_key_version),
  };
  const result = (status: RotationResult['status'], remaining: number, retiredKids: string[] = []): RotationResult => ({
    ...start,
    rowsTotal,
    status,
    rowsDone,
    resourceRows: counts.resource,
    historyRows: counts.resource_history,
    remaining,
    retiredKids,
    elapsedMs: Date.now() - startedAt,
  });

  let remaining = 0;
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    for (const table of TABLES.slice(TABLES.indexOf(cursor.table))) {
      if (table !== cursor.table) cursor = await moveCursor(db, rotationId, { table, type: null, id: null, version: null });
      for (;;) {
        if (opts.signal?.aborted) return result('interrupted', await countRowsWithKids(db, fromKids));
        const batch = await reencryptBatch(db, keyRing, rotationId, start.toKid, fromKids, cursor, batchSize);
        if (batch.rows === 0) break;
        cursor = batch.cursor;
        counts[table] += batch.rows;
        rowsDone += batch.rows;
        rowsTotal = Math.max(rowsTotal, rowsDone);
        await opts.onProgress?.({ rotationId, toKid: start.toKid, table, rowsTotal, rowsDone });
      }
    }
    remaining = await countRowsWithKids(db, fromKids);
    if (remaining === 0) break;
    // Values written with an old key while the pass ran (servers that had not reloaded yet): go again.
    opts.logger?.warn({ rotationId, remaining, pass }, 'values under old keys were written during the rotation; another pass');
    rowsTotal = rowsDone + remaining;
    cursor = await moveCursor(db, rotationId, { table: 'resource', type: null, id: null, version: null });
  }
  if (remaining > 0) return result('incomplete', remaining);

  await db.query(
    `UPDATE field_key_rotation SET status = 'finished', finished_at = now(), rows_total = GREATEST(rows_total, rows_done) WHERE id = $1`,
    [rotationId],
  );
  let retired: string[] = [];
  if (keyRing.source.kind !== 'env' && fromKids.length) {
    keyRing.retire(fromKids);
    retired = [...fromKids];
  }
  const done = result('finished', 0, retired);
  opts.logger?.info({ ...done }, 'key rotation finished');
  return done;
}

async function beginOrResume(db: Queryable, keyRing: KeyRing, opts: RotateOptions): Promise<{ row: RotationRow; start: RotationStart }> {
  const running = await db.query<RotationRow>(`SELECT * FROM field_key_rotation WHERE status = 'running' ORDER BY id LIMIT 1`);
  let row: RotationRow | undefined = running.rows[0];
  if (row && row.to_kid !== keyRing.activeKid) {
    // The active key changed since that rotation began (an operator edited the keys): re-encrypt to the current one instead.
    opts.logger?.warn(
      { rotationId: Number(row.id), toKid: row.to_kid, active: keyRing.activeKid },
      'abandoning a rotation to a key that is no longer active',
    );
    await db.query(`UPDATE field_key_rotation SET status = 'abandoned', finished_at = now() WHERE id = $1`, [row.id]);
    row = undefined;
  }
  if (row) {
    const start: RotationStart = {
      rotationId: Number(row.id),
      toKid: row.to_kid,
      fromKids: row.from_kids,
      rowsTotal: Number(row.rows_total),
      resumed: true,
      addedKey: false,
    };
    return { row, start };
  }

  let addedKey = false;
  if (keyRing.source.kind === 'env') {
    // Hale cannot add a key to an environment variable; once the operator has, re-encrypting is still ours to do.
    const old = keyRing.kids.filter((k) => k !== keyRing.activeKid);
    if ((await countRowsWithKids(db, old)) === 0) {
      throw new RotationRefusedError(
        `Field keys come from HALE_FIELD_KEYS, which Hale cannot change. Add a new key there (32 random bytes, base64, ` +
          `e.g. from \`openssl rand -base64 32\`) under a new kid, make it "active", keep the old keys and "indexKid", restart ` +
          `every server with it, then run \`hale keys rotate\` again to re-encrypt the stored values with it.`,
      );
    }
  } else {
    keyRing.addKey();
    addedKey = true;
  }
  const toKid = keyRing.activeKid;
  const fromKids = keyRing.kids.filter((k) => k !== toKid);
  const rowsTotal = await countRowsWithKids(db, fromKids);
  const inserted = await db.query<RotationRow>(
    `INSERT INTO field_key_rotation (from_kids, to_kid, rows_total) VALUES ($1::text[], $2, $3) RETURNING *`,
    [fromKids, toKid, rowsTotal],
  );
  const created = inserted.rows[0]!;
  return { row: created, start: { rotationId: Number(created.id), toKid, fromKids, rowsTotal, resumed: false, addedKey } };
}

async function moveCursor(db: Queryable, rotationId: number, cursor: Cursor): Promise<Cursor> {
  await db.query(
    `UPDATE field_key_rotation SET last_table = $2, last_key_type = $3, last_key_id = $4, last_key_version = $5 WHERE id = $1`,
    [rotationId, cursor.table, cursor.type, cursor.id, cursor.version],
  );
  return cursor;
}

interface BatchRow {
  resource_type: string;
  id: string;
  version_id?: string | number;
  content: string;
}

async function reencryptBatch(
  db: Queryable,
  keyRing: KeyRing,
  rotationId: number,
  toKid: string,
  fromKids: readonly string[],
  cursor: Cursor,
  batchSize: number,
): Promise<{ rows: number; cursor: Cursor }> {
  const history = cursor.table === 'resource_history';
  const keyCols = history ? 'resource_type, id, version_id' : 'resource_type, id';
  const after =
    cursor.type === null
      ? ''
      : history
        ? 'AND (resource_type, id, version_id) > ($3::text, $4::text, $5::bigint)'
        : 'AND (resource_type, id) > ($3::text, $4::text)';
  const params: unknown[] = [likePatterns(fromKids), batchSize];
  if (cursor.type !== null) params.push(cursor.type, cursor.id, ...(history ? [cursor.version] : []));

  return db.transaction(async (tx) => {
    const found = await tx.query<BatchRow>(
      `SELECT ${keyCols}, content FROM ${cursor.table} WHERE content LIKE ANY($1::text[]) ${after}
       ORDER BY ${keyCols} LIMIT $2 FOR UPDATE`,
      params,
    );
    if (found.rows.length === 0) return { rows: 0, cursor };
    const changed = found.rows.map((r) => ({ ...r, content: reencryptJson(r.content, keyRing, toKid) }));
    const types = changed.map((r) => r.resource_type);
    const ids = changed.map((r) => r.id);
    const contents = changed.map((r) => r.content);
    if (history) {
      await tx.query(
        `UPDATE resource_history AS h SET content = x.c
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) AS x(t, i, v, c)
         WHERE h.resource_type = x.t AND h.id = x.i AND h.version_id = x.v`,
        [types, ids, changed.map((r) => Number(r.version_id)), contents],
      );
    } else {
      await tx.query(
        `UPDATE resource AS r SET content = x.c
         FROM unnest($1::text[], $2::text[], $3::text[]) AS x(t, i, c)
         WHERE r.resource_type = x.t AND r.id = x.i`,
        [types, ids, contents],
      );
    }
    const last = found.rows[found.rows.length - 1]!;
    const next: Cursor = {
      table: cursor.table,
      type: last.resource_type,
      id: last.id,
      version: history ? Number(last.version_id) : null,
    };
    await tx.query(
      `UPDATE field_key_rotation
       SET rows_done = rows_done + $2, rows_total = GREATEST(rows_total, rows_done + $2),
           last_table = $3, last_key_type = $4, last_key_id = $5, last_key_version = $6
       WHERE id = $1`,
      [rotationId, found.rows.length, next.table, next.type, next.id, next.version],
    );
    return { rows: found.rows.length, cursor: next };
  });
}
