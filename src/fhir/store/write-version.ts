/**
 * Writes one new version of a resource: the current row, the history row and the search
 * index rows together in one statement (write-statement.ts), so a resource is never
 * visible without its index or its history.
 */
import type { Queryable } from '../../db/types.ts';
import type { FhirResource, HistoryEntry } from './stored-resource.ts';
import { writeVersions } from './write-statement.ts';

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

export async function writeVersion(q: Queryable, v: NewVersion): Promise<string> {
  const json = JSON.stringify(v.resource);
  await writeVersions(q, v.lastUpdated, [{ ...v, json }]);
  return json;
}
