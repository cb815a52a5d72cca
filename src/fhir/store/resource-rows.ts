/** Row shapes and mapping for the resource and resource_history tables. */
import type { Queryable } from '../../db/types.ts';
import type { HistoryEntry, StoredResource } from './stored-resource.ts';
import { toIsoInstant } from './stored-resource.ts';

export interface ResourceRow {
  resource_type: string;
  id: string;
  version_id: string | number;
  last_updated: Date | string;
  deleted: boolean;
  /** NULL when the statement was told the caller holds this version (resourceColumnsUnlessHeld). */
  content: string | null;
}

export interface HistoryRow extends ResourceRow {
  method: string;
}

export const RESOURCE_COLUMNS = 'resource_type, id, version_id, last_updated, deleted, content';

/**
 * RESOURCE_COLUMNS of `resource r`, the content NULL when the current version is the one
 * `heldVersion` (a bound bigint) names: the caller has that version's content already
 * (content-cache.ts), so neither the database nor the driver handles the text again.
 */
export const resourceColumnsUnlessHeld = (heldVersion: string) =>
  `r.resource_type, r.id, r.version_id, r.last_updated, r.deleted, CASE WHEN r.version_id = ${heldVersion} THEN NULL ELSE r.content END AS content`;

/**
 * History rows with their content: a superseded version holds its own, the current one NULL
 * (its content is in `resource`, see write-statement.ts). One statement, one snapshot: the
 * pair is read as of the same moment, so a version being replaced meanwhile is seen whole.
 * Add `WHERE`/`ORDER BY` on the unqualified history columns.
 */
export const HISTORY_SELECT = `SELECT h.resource_type, h.id, h.version_id, h.last_updated, h.deleted, h.method,
    COALESCE(h.content, (SELECT r.content FROM resource AS r
      WHERE r.resource_type = h.resource_type AND r.id = h.id AND r.version_id = h.version_id)) AS content
  FROM resource_history AS h`;

/** `row.content` must be set (see resourceColumnsUnlessHeld for where it may be NULL). */
export function fromRow(row: ResourceRow): StoredResource {
  return {
    resourceType: row.resource_type,
    id: row.id,
    versionId: Number(row.version_id),
    lastUpdated: toIsoInstant(row.last_updated),
    deleted: row.deleted,
    json: row.content!,
  };
}

export function fromHistoryRow(row: HistoryRow): HistoryEntry {
  return { ...fromRow(row), method: row.method as HistoryEntry['method'] };
}

/** The patients these resources belong to now (their rows' patient_ids, repeats included), for those that exist. */
export async function rowPatientsOf(db: Queryable, resources: readonly { resourceType: string; id: string }[]): Promise<string[]> {
  if (resources.length === 0) return [];
  const r = await db.query<{ p: string }>(
    `SELECT unnest(r.patient_ids) AS p FROM resource r
       JOIN unnest($1::text[], $2::text[]) AS w(t, i) ON r.resource_type = w.t AND r.id = w.i`,
    [resources.map((x) => x.resourceType), resources.map((x) => x.id)],
  );
  return r.rows.map((row) => row.p);
}
