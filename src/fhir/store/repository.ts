/**
 * The FHIR repository: the one path to resources. Built per request with the acting
 * context inside it (see docs/architecture.md), over the database or over an open
 * transaction. It knows SQL and versions; it knows nothing of HTTP.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/types.ts';
import { HaleError, badRequest, gone, notFound, preconditionFailed } from '../../errors.ts';
import type { ActingContext } from '../acting-context.ts';
import { isResourceType } from '../definitions.ts';
import { validateResource } from '../validation/validate-resource.ts';
import { ID_PATTERN } from '../validation/resource-id.ts';
import { RESOURCE_COLUMNS, fromHistoryRow, fromRow, type HistoryRow, type ResourceRow } from './resource-rows.ts';
import type { FhirResource, HistoryEntry, StoredResource } from './stored-resource.ts';
import { writeVersion } from './write-version.ts';
import { withServerMeta } from './resource-content.ts';
import { writeBatch, type BatchItem, type BatchResult } from './write-batch.ts';
import { runSearch, type SearchOutcome } from './search-resources.ts';

export interface WriteResult {
  stored: StoredResource;
  /** True when this call created the resource (201), false for an update or a no-op. */
  created: boolean;
  /** True when the update changed nothing and no version was written. */
  unchanged?: boolean;
}

export interface HistoryQuery {
  resourceType?: string;
  id?: string;
  since?: string;
  count: number;
  offset: number;
}

export class FhirRepository {
  constructor(
    readonly db: Queryable,
    readonly ctx: ActingContext,
  ) {}

  /** The same repository over an open transaction (or a savepoint inside one). */
  async inTransaction<T>(fn: (repo: FhirRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new FhirRepository(tx, this.ctx)));
  }

  assertType(resourceType: string): void {
    if (!isResourceType(resourceType)) throw notFound(`Unknown resource type '${resourceType}'`);
  }

  assertId(id: string): void {
    if (!ID_PATTERN.test(id)) throw badRequest(`Invalid id '${id}': 1-64 characters of A-Z a-z 0-9 - .`);
  }

  /** Current version, deleted ones included (as tombstones); undefined if never written. */
  async readCurrent(resourceType: string, id: string, forUpdate = false): Promise<StoredResource | undefined> {
    const r = await this.db.query<ResourceRow>(
      `SELECT ${RESOURCE_COLUMNS} FROM resource WHERE resource_type = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [resourceType, id],
      { name: forUpdate ? 'hale_read_current_for_update' : 'hale_read_current' },
    );
    return r.rows[0] ? fromRow(r.rows[0]) : undefined;
  }

  async read(resourceType: string, id: string): Promise<StoredResource> {
    this.assertType(resourceType);
    const s = ID_PATTERN.test(id) ? await this.readCurrent(resourceType, id) : undefined;
    if (!s) throw notFound(`${resourceType}/${id} is not known`);
    if (s.deleted) throw gone(`${resourceType}/${id} was deleted (version ${s.versionId})`);
    return s;
  }

  async vread(resourceType: string, id: string, versionId: string): Promise<HistoryEntry> {
    this.assertType(resourceType);
    if (!/^\d{1,18}$/.test(versionId)) throw notFound(`${resourceType}/${id} has no version '${versionId}'`);
    const r = await this.db.query<HistoryRow>(
      `SELECT ${RESOURCE_COLUMNS}, method FROM resource_history WHERE resource_type = $1 AND id = $2 AND version_id = $3`,
      [resourceType, id, Number(versionId)],
    );
    if (!r.rows[0]) throw notFound(`${resourceType}/${id} has no version ${versionId}`);
    const h = fromHistoryRow(r.rows[0]);
    if (h.deleted) throw gone(`${resourceType}/${id} version ${versionId} is a deletion`);
    return h;
  }

  /** Create with a server-assigned id (the client's id, if any, is replaced, as the spec says). */
  async create(resource: FhirResource, method: 'POST' = 'POST', assignedId?: string): Promise<WriteResult> {
    const resourceType = this.checkBody(resource);
    const id = assignedId ?? randomUUID();
    // One statement, atomic by itself: no BEGIN/COMMIT round trips for a plain create.
    const stored = await this.writeNew(this.db, resourceType, id, 1, resource, method, false);
    return { stored, created: true };
  }

  /**
   * Update (or create-on-update with the client's id). `ifMatch` is the expected current
   * version; a mismatch is 412. An update that changes nothing writes no version.
   */
  async update(
    resourceType: string,
    id: string,
    resource: FhirResource,
    ifMatch?: number,
    method: 'PUT' | 'PATCH' = 'PUT',
  ): Promise<WriteResult> {
    this.assertType(resourceType);
    this.assertId(id);
    const bodyType = this.checkBody(resource);
    if (bodyType !== resourceType) {
      throw badRequest(`The body is a ${bodyType} but the URL names ${resourceType}`, [
        { field: 'resourceType', message: 'does not match the URL' },
      ]);
    }
    if (resource.id === undefined) {
      throw badRequest('The resource in an update must have an id equal to the id in the URL', [
        { field: `${resourceType}.id`, message: 'missing' },
      ]);
    }
    if (resource.id !== id) {
      throw badRequest(`The resource id '${String(resource.id)}' does not match the URL id '${id}'`, [
        { field: `${resourceType}.id`, message: 'does not match the URL' },
      ]);
    }
    // The batch writer holds the rules (If-Match, no version for unchanged content); one item here.
    const [result] = await this.db.transaction((tx) => writeBatch(tx, [{ resourceType, id, resource, method, ifMatch }]));
    return result!;
  }

  /** Soft delete. Deleting something absent or already deleted is not an error (returns undefined). */
  async delete(resourceType: string, id: string, ifMatch?: number): Promise<StoredResource | undefined> {
    this.assertType(resourceType);
    if (!ID_PATTERN.test(id)) return undefined;
    return this.db.transaction(async (tx) => {
      const current = await new FhirRepository(tx, this.ctx).readCurrent(resourceType, id, true);
      if (ifMatch !== undefined && (!current || current.deleted || current.versionId !== ifMatch)) {
        throw preconditionFailed(`Version conflict on ${resourceType}/${id}: If-Match asked for version ${ifMatch}`);
      }
      if (!current || current.deleted) return undefined;
      const lastUpdated = new Date().toISOString();
      const resource = JSON.parse(current.json) as FhirResource;
      const versionId = current.versionId + 1;
      resource.meta = { ...(resource.meta ?? {}), versionId: String(versionId), lastUpdated };
      const json = await writeVersion(tx, { resource, resourceType, id, versionId, lastUpdated, method: 'DELETE', exists: true });
      return { resourceType, id, versionId, lastUpdated, deleted: true, json };
    });
  }

  /** Many POST/PUT-by-id writes at once (each (type, id) once); see write-batch.ts. */
  async writeMany(items: BatchItem[]): Promise<BatchResult[]> {
    for (const i of items) {
      this.assertType(i.resourceType);
      this.assertId(i.id);
      const bodyType = this.checkBody(i.resource);
      if (bodyType !== i.resourceType) throw badRequest(`The body is a ${bodyType} but the URL names ${i.resourceType}`);
    }
    return this.db.transaction((tx) => writeBatch(tx, items));
  }

  async search(resourceType: string, params: URLSearchParams, lenient: boolean): Promise<SearchOutcome> {
    this.assertType(resourceType);
    return runSearch(this.db, resourceType, params, lenient);
  }

  async history(q: HistoryQuery): Promise<{ entries: HistoryEntry[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.resourceType) {
      this.assertType(q.resourceType);
      params.push(q.resourceType);
      where.push(`resource_type = $${params.length}`);
    }
    if (q.id) {
      params.push(q.id);
      where.push(`id = $${params.length}`);
    }
    if (q.since) {
      params.push(q.since);
      where.push(`last_updated >= $${params.length}`);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = Number(
      (await this.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM resource_history ${whereSql}`, params)).rows[0]?.n ?? 0,
    );
    const order = q.id ? 'version_id DESC' : 'last_updated DESC, resource_type, id, version_id DESC';
    const r = await this.db.query<HistoryRow>(
      `SELECT ${RESOURCE_COLUMNS}, method FROM resource_history ${whereSql} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.count, q.offset],
    );
    return { entries: r.rows.map(fromHistoryRow), total };
  }

  private checkBody(resource: unknown): string {
    if (!resource || typeof resource !== 'object' || Array.isArray(resource)) {
      throw badRequest('The body must be a FHIR resource (a JSON object)');
    }
    const type = (resource as FhirResource).resourceType;
    if (typeof type !== 'string' || !isResourceType(type)) {
      throw new HaleError('invalid-resource', `Unknown resourceType ${JSON.stringify(type)}`, [
        { field: 'resourceType', message: 'not an R4 resource type', fhirCode: 'structure' },
      ]);
    }
    return type;
  }

  private async writeNew(
    tx: Queryable,
    resourceType: string,
    id: string,
    versionId: number,
    input: FhirResource,
    method: HistoryEntry['method'],
    exists: boolean,
  ): Promise<StoredResource> {
    const lastUpdated = new Date().toISOString();
    const ordered = withServerMeta(resourceType, id, versionId, lastUpdated, input);
    validateResource(ordered);
    const json = await writeVersion(tx, { resource: ordered, resourceType, id, versionId, lastUpdated, method, exists });
    return { resourceType, id, versionId, lastUpdated, deleted: false, json };
  }
}
