/**
 * Writes one new version of a resource inside the caller's transaction: the current row,
 * the history row and the search index rows together, so a resource is never visible
 * without its index or its history.
 */
import type { Queryable } from '../../db/types.ts';
import { deleteSearchIndex, writeSearchIndex } from '../search/write-index.ts';
import { extractSearchRows } from '../search/extract.ts';
import type { FhirResource, HistoryEntry } from './stored-resource.ts';

export interface NewVersion {
  resource: FhirResource; // with id and meta already set
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  method: HistoryEntry['method'];
  /** True when a row for this id already exists (update, delete, resurrection). */
  exists: boolean;
}

export async function writeVersion(tx: Queryable, v: NewVersion): Promise<string> {
  const json = JSON.stringify(v.resource);
  const deleted = v.method === 'DELETE';
  if (v.exists) {
    await tx.query(
      'UPDATE resource SET version_id = $3, last_updated = $4, deleted = $5, content = $6 WHERE resource_type = $1 AND id = $2',
      [v.resourceType, v.id, v.versionId, v.lastUpdated, deleted, json],
    );
  } else {
    await tx.query('INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content) VALUES ($1, $2, $3, $4, $5, $6)', [
      v.resourceType,
      v.id,
      v.versionId,
      v.lastUpdated,
      deleted,
      json,
    ]);
  }
  await tx.query(
    'INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, method, content) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [v.resourceType, v.id, v.versionId, v.lastUpdated, deleted, v.method, json],
  );
  if (deleted) {
    await deleteSearchIndex(tx, v.resourceType, v.id);
  } else {
    await writeSearchIndex(tx, v.resourceType, v.id, extractSearchRows(v.resource), v.exists);
  }
  return json;
}
