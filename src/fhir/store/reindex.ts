/**
 * Rebuilds the search index rows (sp_*) of stored resources from their stored content:
 * after a migration that changes what is extracted at write time, resources written
 * before it would otherwise be missing from the new kinds of search.
 *
 * - Keyset paging over `resource (resource_type, id)`: one batch in memory at a time.
 * - Each batch is one transaction that locks its rows (FOR UPDATE, like every write does
 *   first), so a concurrent update waits and then replaces what the batch wrote, never
 *   the other way round.
 * - Index rows come from the same code as a normal write (protectedWrite -> indexRowsOf ->
 *   writeSearchIndexBatch): sensitive values end up hashed exactly as they do there.
 * - No version, no history row, no audit record (this is maintenance, not a read by a
 *   person). Tombstones get their index rows removed. The stored text changes in one case:
 *   a value of an element marked sensitive after it was stored is encrypted in place, in
 *   the current row and in older versions (encrypt-stored.ts), so a new rule's pass leaves
 *   no clear copy in the content or in the index.
 */
import type { Queryable } from '../../db/types.ts';
import type { SensitiveFields } from '../../crypto/sensitive-fields.ts';
import { emptySearchIndexRows } from '../search/index-rows.ts';
import { writeSearchIndexBatch, type SearchIndexWrite } from '../search/write-index.ts';
import { indexRowsOf } from './write-statement.ts';
import { writeAppointmentBusy, type BusyWrite } from './appointment-busy.ts';
import { protectedWrite } from './write-version.ts';
import type { FhirResource } from './stored-resource.ts';
import { rowPatientIds, textArrayLiteral } from '../../access/row-patients.ts';
import { encryptStoredClearValues } from './encrypt-stored.ts';

/** The last resource whose rows were rebuilt; the next batch starts after it. */
export interface ReindexCursor {
  type: string;
  id: string;
}

export interface ReindexBatch {
  cursor: ReindexCursor;
  /** Live resources whose rows were rebuilt in this batch. */
  resources: number;
}

export interface ReindexProgress {
  resourcesDone: number;
  cursor: ReindexCursor;
  elapsedMs: number;
}

export interface ReindexOptions {
  db: Queryable;
  /** Field encryption: stored values are revealed, then indexed as a normal write does. */
  fields?: SensitiveFields;
  /** Only these resource types (already checked against the definitions); all by default. */
  types?: readonly string[];
  /** Resources per batch (one transaction each); default 500. */
  batchSize?: number;
  /** Resume after this resource. */
  after?: ReindexCursor;
  /** Stops after the current batch (status 'interrupted'). */
  signal?: AbortSignal;
  /** Runs inside each batch's transaction, after its rows are written: where progress is recorded. */
  recordBatch?: (tx: Queryable, batch: ReindexBatch) => Promise<void>;
  /** After each committed batch. */
  onProgress?: (progress: ReindexProgress) => void;
}

export interface ReindexResult {
  status: 'finished' | 'interrupted';
  resources: number;
  /** Stored rows whose clear sensitive values were encrypted: current rows and older versions. */
  encrypted: { current: number; history: number };
  /** Live resources rebuilt, per type. */
  byType: Map<string, number>;
  /** Tombstones (deleted resources) whose leftover index rows were removed, if any. */
  tombstones: number;
  elapsedMs: number;
  cursor?: ReindexCursor;
}

interface BatchRow {
  resource_type: string;
  id: string;
  version_id: string | number;
  deleted: boolean;
  content: string | null;
}

/** Live (not deleted) resources a reindex of these types would rebuild: the progress total. */
export async function countReindexTargets(db: Queryable, types?: readonly string[]): Promise<number> {
  const r = types
    ? await db.query<{ n: string }>('SELECT count(*)::text AS n FROM resource WHERE NOT deleted AND resource_type = ANY($1::text[])', [
        types,
      ])
    : await db.query<{ n: string }>('SELECT count(*)::text AS n FROM resource WHERE NOT deleted');
  return Number(r.rows[0]?.n ?? 0);
}

export async function reindexResources(opts: ReindexOptions): Promise<ReindexResult> {
  const startedAt = Date.now();
  const batchSize = opts.batchSize ?? 500;
  const byType = new Map<string, number>();
  let cursor = opts.after;
  let resources = 0;
  let tombstones = 0;
  const encrypted = { current: 0, history: 0 };
  const result = (status: ReindexResult['status']): ReindexResult => ({
    status,
    resources,
    encrypted,
    byType,
    tombstones,
    elapsedMs: Date.now() - startedAt,
    ...(cursor ? { cursor } : {}),
  });
  for (;;) {
    if (opts.signal?.aborted) return result('interrupted');
    const batch = await opts.db.transaction(async (tx) => {
      const rows = await selectBatch(tx, cursor, opts.types, batchSize);
      if (rows.length === 0) return undefined;
      const sealed = opts.fields ? await encryptStoredClearValues(tx, opts.fields, rows) : { current: 0, history: 0 };
      const writes = rows.map((row) => indexWrite(row, opts.fields));
      await writeSearchIndexBatch(tx, writes);
      await writeRowPatients(tx, writes);
      await writeAppointmentBusy(tx, busyWrites(rows, opts.fields));
      const last = rows[rows.length - 1]!;
      const done: ReindexBatch = { cursor: { type: last.resource_type, id: last.id }, resources: rows.filter((r) => !r.deleted).length };
      await opts.recordBatch?.(tx, done);
      return { done, rows, sealed };
    });
    if (!batch) return result('finished');
    cursor = batch.done.cursor;
    resources += batch.done.resources;
    encrypted.current += batch.sealed.current;
    encrypted.history += batch.sealed.history;
    for (const row of batch.rows) {
      if (row.deleted) tombstones++;
      else byType.set(row.resource_type, (byType.get(row.resource_type) ?? 0) + 1);
    }
    opts.onProgress?.({ resourcesDone: resources, cursor, elapsedMs: Date.now() - startedAt });
  }
}

/** The next batch after `after`, locked. Tombstones come without their content (not needed). */
async function selectBatch(
  tx: Queryable,
  after: ReindexCursor | undefined,
  types: readonly string[] | undefined,
  limit: number,
): Promise<BatchRow[]> {
  const params: unknown[] = [limit];
  const where: string[] = [];
  if (after) {
    params.push(after.type, after.id);
    where.push(`(resource_type, id) > ($${params.length - 1}::text, $${params.length}::text)`);
  }
  if (types) {
    params.push(types);
    where.push(`resource_type = ANY($${params.length}::text[])`);
  }
  const r = await tx.query<BatchRow>(
    `SELECT resource_type, id, version_id, deleted, CASE WHEN deleted THEN NULL ELSE content END AS content
       FROM resource ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY resource_type, id LIMIT $1 FOR UPDATE`,
    params,
  );
  return r.rows;
}

/**
 * Appointments also rebuild their double-booking guard rows (appointment-busy.ts): a
 * database restored or imported without them gets them back, and a clash already in the
 * data stops the reindex with the exclusion error naming who is booked twice.
 */
function busyWrites(rows: readonly BatchRow[], fields: SensitiveFields | undefined): BusyWrite[] {
  return rows
    .filter((row) => row.resource_type === 'Appointment')
    .map((row) => ({
      resourceType: row.resource_type,
      id: row.id,
      exists: true,
      method: row.deleted || row.content === null ? 'DELETE' : 'PUT',
      resource:
        row.deleted || row.content === null
          ? ({ resourceType: 'Appointment', id: row.id } as FhirResource)
          : (JSON.parse(fields ? fields.revealJson(row.content) : row.content) as FhirResource),
    }));
}

/** The rows a normal write of this content would store (sensitive values hashed), replacing the old ones. */
function indexWrite(row: BatchRow, fields: SensitiveFields | undefined): SearchIndexWrite {
  const base = { resourceType: row.resource_type, id: row.id, replace: true };
  if (row.deleted || row.content === null) return { ...base, rows: emptySearchIndexRows(), removed: true };
  const json = fields ? fields.revealJson(row.content) : row.content;
  const resource = JSON.parse(json) as FhirResource;
  const write = protectedWrite(
    { resourceType: row.resource_type, id: row.id, versionId: Number(row.version_id), method: 'PUT', resource, exists: true },
    json,
    fields,
  );
  return { ...base, rows: indexRowsOf(write), resource: write.resource };
}

/** The patients on each row (row-patients.ts), from the rebuilt index rows; rows already right are left alone. */
async function writeRowPatients(tx: Queryable, writes: readonly SearchIndexWrite[]): Promise<void> {
  await tx.query(
    `UPDATE resource AS r SET patient_ids = x.p::text[]
       FROM unnest($1::text[], $2::text[], $3::text[]) AS x(t, i, p)
      WHERE r.resource_type = x.t AND r.id = x.i AND r.patient_ids IS DISTINCT FROM x.p::text[]`,
    [
      writes.map((w) => w.resourceType),
      writes.map((w) => w.id),
      writes.map((w) => textArrayLiteral(rowPatientIds(w.resourceType, w.id, w.rows.reference))),
    ],
  );
}
