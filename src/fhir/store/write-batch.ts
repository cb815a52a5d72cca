/**
 * Writes many resources in one go: the path transaction Bundles and imports take for their
 * POST and PUT-by-id entries. One SELECT ... FOR UPDATE for all current versions, then one
 * statement that writes every row of every table, instead of several statements per resource: the
 * difference between hundreds and thousands of resources per second on import.
 * Same rules as single writes: validation, If-Match, no version for unchanged content.
 */
import type { Queryable } from '../../db/types.ts';
import { preconditionFailed } from '../../errors.ts';
import { validateResource } from '../validation/validate-resource.ts';
import { writeVersions } from './write-statement.ts';
import { protectedWrite } from './write-version.ts';
import type { SensitiveFields } from '../../crypto/sensitive-fields.ts';
import { RESOURCE_COLUMNS, fromRow, type ResourceRow } from './resource-rows.ts';
import { sameContent, withServerMeta } from './resource-content.ts';
import type { FhirResource, StoredResource } from './stored-resource.ts';

export interface BatchItem {
  resourceType: string;
  id: string;
  resource: FhirResource;
  method: 'POST' | 'PUT' | 'PATCH';
  ifMatch?: number;
}

export interface BatchResult {
  stored: StoredResource;
  created: boolean;
  unchanged: boolean;
}

/** Callers guarantee each (type, id) appears once in `items`. */
export async function writeBatch(tx: Queryable, items: BatchItem[], fields?: SensitiveFields): Promise<BatchResult[]> {
  if (items.length === 0) return [];
  const current = new Map<string, StoredResource>();
  const existing = await tx.query<ResourceRow>(
    `SELECT ${RESOURCE_COLUMNS} FROM resource
      WHERE (resource_type, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
      ORDER BY resource_type, id FOR UPDATE`,
    [items.map((i) => i.resourceType), items.map((i) => i.id)],
  );
  for (const row of existing.rows) {
    const stored = fromRow(row);
    // Compare and answer with the clear content: ciphertexts differ on every write (random IVs).
    current.set(`${row.resource_type}/${row.id}`, fields ? { ...stored, json: fields.revealJson(stored.json) } : stored);
  }

  const lastUpdated = new Date().toISOString();
  const results: BatchResult[] = [];
  const writes: { item: BatchItem; resource: FhirResource; json: string; versionId: number; exists: boolean }[] = [];
  for (const [index, item] of items.entries()) {
    try {
      const cur = current.get(`${item.resourceType}/${item.id}`);
      const live = cur && !cur.deleted ? cur : undefined;
      if (item.ifMatch !== undefined && (live?.versionId ?? 0) !== item.ifMatch) {
        throw preconditionFailed(
          `Version conflict on ${item.resourceType}/${item.id}: If-Match asked for version ${item.ifMatch}, the current version is ${live?.versionId ?? 'none'}`,
        );
      }
      if (live && sameContent(JSON.parse(live.json) as FhirResource, item.resource)) {
        results.push({ stored: live, created: false, unchanged: true });
        continue;
      }
      const versionId = cur ? cur.versionId + 1 : 1;
      const resource = withServerMeta(item.resourceType, item.id, versionId, lastUpdated, item.resource);
      validateResource(resource);
      const json = JSON.stringify(resource);
      writes.push({ item, resource, json, versionId, exists: cur !== undefined });
      results.push({
        stored: { resourceType: item.resourceType, id: item.id, versionId, lastUpdated, deleted: false, json },
        created: !live,
        unchanged: false,
      });
    } catch (err) {
      // Tell the caller which item failed, so a Bundle error can name its entry.
      if (err && typeof err === 'object') Object.assign(err, { batchIndex: index });
      throw err;
    }
  }
  if (writes.length === 0) return results;

  await writeVersions(
    tx,
    lastUpdated,
    writes.map((w) =>
      protectedWrite(
        {
          resourceType: w.item.resourceType,
          id: w.item.id,
          versionId: w.versionId,
          method: w.item.method,
          resource: w.resource,
          exists: w.exists,
        },
        w.json,
        fields,
      ),
    ),
  );
  return results;
}
