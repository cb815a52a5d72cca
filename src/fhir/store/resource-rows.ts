/** Row shapes and mapping for the resource and resource_history tables. */
import type { HistoryEntry, StoredResource } from './stored-resource.ts';
import { toIsoInstant } from './stored-resource.ts';

export interface ResourceRow {
  resource_type: string;
  id: string;
  version_id: string | number;
  last_updated: Date | string;
  deleted: boolean;
  content: string;
}

export interface HistoryRow extends ResourceRow {
  method: string;
}

export const RESOURCE_COLUMNS = 'resource_type, id, version_id, last_updated, deleted, content';

export function fromRow(row: ResourceRow): StoredResource {
  return {
    resourceType: row.resource_type,
    id: row.id,
    versionId: Number(row.version_id),
    lastUpdated: toIsoInstant(row.last_updated),
    deleted: row.deleted,
    json: row.content,
  };
}

export function fromHistoryRow(row: HistoryRow): HistoryEntry {
  return { ...fromRow(row), method: row.method as HistoryEntry['method'] };
}
