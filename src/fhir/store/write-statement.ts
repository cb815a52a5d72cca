/**
 * All the rows of one or many new versions in ONE statement: the current row (upsert), the
 * history row, and the search index rows (delete old, insert new), as data-modifying CTEs.
 * One round trip per write instead of about ten, and a single statement is atomic on its
 * own, so a lone create needs no BEGIN/COMMIT. The SQL text is fixed, so the PostgreSQL
 * engine prepares it once per connection.
 */
import type { Queryable } from '../../db/types.ts';
import { extractSearchRows } from '../search/extract.ts';
import { indexWriteCtes } from '../search/write-index.ts';
import { emptySearchIndexRows, type SearchIndexRows } from '../search/index-rows.ts';
import type { FhirResource, HistoryEntry } from './stored-resource.ts';
import { hasAppointments, writeAppointmentBusy } from './appointment-busy.ts';
import { rowPatientIds, textArrayLiteral } from '../../access/row-patients.ts';
import { auditInsert, type AuditRecord } from '../../audit/audit-record.ts';

export interface VersionWrite {
  resourceType: string;
  id: string;
  versionId: number;
  method: HistoryEntry['method'];
  /** The resource as stored (meta set); for a DELETE the last live content. */
  resource: FhirResource;
  json: string;
  /** When this version was written, if not the `lastUpdated` of the statement's call (writes coalesced from several requests). */
  lastUpdated?: string;
  /** A row for this id may exist: old index rows are removed. */
  exists: boolean;
  /** Index rows computed by the caller (from the clear content, sensitive values hashed); default: extracted from `resource`. */
  indexRows?: SearchIndexRows;
  /**
   * The audit records of this write, given the patients the version belongs to: inserted by
   * the same statement, so a write and its record commit together without a transaction.
   */
  audit?: (patientIds: string[]) => AuditRecord[];
}

/**
 * The current version's content is stored once, in `resource`; its history row holds NULL
 * (history reads take it from `resource`, see HISTORY_SELECT). When a new version supersedes
 * it, `prev` copies the old content into the old history row: every CTE reads the snapshot
 * the statement started with, so `r.content` there is still the version being replaced.
 * Storing every current version twice was a sixth of the store on disk.
 */
const RESOURCE_CTES = [
  `res AS (INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content, patient_ids)
     SELECT t, i, v, u, d, c, p::text[] FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[], $5::bool[], $6::text[], $8::text[]) AS x(u, t, i, v, d, c, p)
     ON CONFLICT (resource_type, id) DO UPDATE
       SET version_id = EXCLUDED.version_id, last_updated = EXCLUDED.last_updated, deleted = EXCLUDED.deleted, content = EXCLUDED.content,
           patient_ids = EXCLUDED.patient_ids)`,
  `hist AS (INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, method, content)
     SELECT t, i, v, u, d, m, NULL FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[], $5::bool[], $7::text[]) AS x(u, t, i, v, d, m))`,
];

/** Only in statements that may replace a version (see RESOURCE_CTES). */
const SUPERSEDED_CONTENT_CTE = `prev AS (UPDATE resource_history AS h SET content = r.content
     FROM resource AS r, unnest($2::text[], $3::text[]) AS x(t, i)
     WHERE r.resource_type = x.t AND r.id = x.i
       AND h.resource_type = r.resource_type AND h.id = r.id AND h.version_id = r.version_id AND h.content IS NULL)`;

/** The search index rows a version write stores (also what `hale reindex` rebuilds): none for a delete. */
export function indexRowsOf(w: VersionWrite): SearchIndexRows {
  return w.method === 'DELETE' ? emptySearchIndexRows() : (w.indexRows ?? extractSearchRows(w.resource));
}

/**
 * Versions per statement. A Synthea patient's Bundle holds thousands of resources and some
 * hundred thousand index rows; as one statement its parameters (arrays serialised to text)
 * took hundreds of MB of memory at once, which the server then kept. In statements of this
 * size, inside one transaction, the import runs as fast and the memory stays small.
 */
const VERSIONS_PER_STATEMENT = 250;

export async function writeVersions(q: Queryable, lastUpdated: string, writes: readonly VersionWrite[]): Promise<void> {
  if (writes.length === 0) return;
  if (writes.length > VERSIONS_PER_STATEMENT) {
    return q.transaction(async (tx) => {
      for (let i = 0; i < writes.length; i += VERSIONS_PER_STATEMENT)
        await writeVersions(tx, lastUpdated, writes.slice(i, i + VERSIONS_PER_STATEMENT));
    });
  }
  // Appointments also replace their double-booking guard rows (appointment-busy.ts), in one transaction with the versions.
  if (hasAppointments(writes)) {
    return q.transaction(async (tx) => {
      await writeVersionRows(tx, lastUpdated, writes);
      await writeAppointmentBusy(tx, writes);
    });
  }
  return writeVersionRows(q, lastUpdated, writes);
}

async function writeVersionRows(q: Queryable, lastUpdated: string, writes: readonly VersionWrite[]): Promise<void> {
  const rows = writes.map(indexRowsOf);
  const index = indexWriteCtes(
    writes.map((w, i) => ({
      resourceType: w.resourceType,
      id: w.id,
      rows: rows[i]!,
      replace: w.exists,
      removed: w.method === 'DELETE',
      resource: w.resource,
    })),
    9,
  );
  // The patients each version belongs to (row-patients.ts), kept on its row for the access checks.
  const patientIds = writes.map((w, i) => rowPatientIds(w.resourceType, w.id, rows[i]!.reference));
  const params: unknown[] = [
    writes.map((w) => w.lastUpdated ?? lastUpdated),
    writes.map((w) => w.resourceType),
    writes.map((w) => w.id),
    writes.map((w) => w.versionId),
    writes.map((w) => w.method === 'DELETE'),
    writes.map((w) => w.json),
    writes.map((w) => w.method),
    patientIds.map(textArrayLiteral),
    ...index.params,
  ];
  const replacing = writes.some((w) => w.exists);
  const ctes = [...RESOURCE_CTES, ...(replacing ? [SUPERSEDED_CONTENT_CTE] : []), ...index.ctes];
  const records = writes.flatMap((w, i) => w.audit?.(patientIds[i]!) ?? []);
  let name = replacing ? 'hale_write_versions_replace' : 'hale_write_versions_new';
  if (records.length) {
    const audit = auditInsert(records, params.length + 1);
    ctes.push(`audit AS (${audit.sql})`);
    params.push(...audit.params);
    name += `_audited_${params.length}`;
  }
  await q.query(`WITH ${ctes.join(',\n')}\nSELECT 1 AS done`, params, { name });
}
