/**
 * The FHIR repository: the one path to resources. Built per request with the acting
 * context inside it (see docs/architecture.md), over the database or over an open
 * transaction. It knows SQL and versions; it knows nothing of HTTP. The policy, audit and
 * encryption every interaction goes through are in its base, guarded-store.ts.
 */
import { newResourceId } from './new-resource-id.ts';
import type { Queryable } from '../../db/types.ts';
import { HaleError, badRequest, gone, notFound, preconditionFailed } from '../../errors.ts';
import { validateResource } from '../validation/validate-resource.ts';
import { ID_PATTERN } from '../validation/resource-id.ts';
import {
  HISTORY_SELECT,
  RESOURCE_COLUMNS,
  resourceColumnsUnlessHeld,
  fromHistoryRow,
  fromRow,
  rowPatientsOf,
  type HistoryRow,
  type ResourceRow,
} from './resource-rows.ts';
import type { FhirResource, HistoryEntry, StoredResource } from './stored-resource.ts';
import { writeVersion, type NewVersion } from './write-version.ts';
import { withServerMeta } from './resource-content.ts';
import { writeBatch, type BatchItem, type BatchResult } from './write-batch.ts';
import { runSearch, type SearchOutcome } from './search-resources.ts';
import { namedPatientsCheck, type NamedPatientsCheck } from './named-patients-scope.ts';
import { parseSearchRequest } from '../search/parse.ts';
import { collectIncludes, MAX_INCLUDED, type IncludeAccess } from '../search/include.ts';
import { runEverything, type EverythingOutcome, type EverythingQuery } from '../operations/everything-query.ts';
import { GuardedStore } from './guarded-store.ts';
import { SqlParams } from '../search/sql-params.ts';
import type { SearchSqlOptions } from '../search/build-sql.ts';
import { blindIndexCode } from '../../crypto/blind-index.ts';
import { statementName } from '../../db/statement-name.ts';
import { roleAllows } from '../../access/permissions.ts';
import { startsFromClinicianPatients, ROW_PATIENT_IDS, scopeFor, type RowScope } from '../../access/access-scope.ts';
import {
  PATIENT_LOOKUP_SETTINGS,
  patientLookupMatch,
  patientLookupSql,
  type PatientLookupMatch,
  type PatientLookupRow,
  type PatientLookupTerms,
} from './patient-lookup-sql.ts';

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

export class FhirRepository extends GuardedStore {
  /** The same repository over an open transaction (or a savepoint inside one). */
  async inTransaction<T>(fn: (repo: FhirRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new FhirRepository(tx, this.ctx, this.guard, true)));
  }

  /** Current version, deleted ones included (as tombstones); undefined if never written. */
  async readCurrent(resourceType: string, id: string, forUpdate = false): Promise<StoredResource | undefined> {
    if (forUpdate) {
      const r = await this.db.query<ResourceRow>(
        `SELECT ${RESOURCE_COLUMNS} FROM resource WHERE resource_type = $1 AND id = $2 FOR UPDATE`,
        [resourceType, id],
        { name: 'hale_read_current_for_update' },
      );
      return r.rows[0] ? this.reveal(fromRow(r.rows[0])) : undefined;
    }
    // Outside a transaction, grouped with other reads like any read by id (read-coalescer.ts).
    const grouped = this.groupedReads;
    if (grouped) return (await this.readGuarded(grouped, resourceType, id, undefined, undefined, true))?.stored;
    const held = this.heldContent(resourceType, id);
    const r = await this.db.query<ResourceRow>(
      `SELECT ${resourceColumnsUnlessHeld('$3::bigint')} FROM resource r WHERE r.resource_type = $1 AND r.id = $2`,
      [resourceType, id, held?.versionId ?? 0],
      { name: 'hale_read_current' },
    );
    return r.rows[0] ? this.storedFromCache(r.rows[0], held) : undefined;
  }

  async read(resourceType: string, id: string, action = 'read'): Promise<StoredResource> {
    this.assertType(resourceType);
    if (this.ctx.system) {
      const s = ID_PATTERN.test(id) ? await this.readCurrent(resourceType, id) : undefined;
      if (!s) throw notFound(`${resourceType}/${id} is not known`);
      if (s.deleted) throw gone(`${resourceType}/${id} was deleted (version ${s.versionId})`);
      return s;
    }
    const scope = await this.allow(resourceType, 'read', id);
    if (!ID_PATTERN.test(id)) throw notFound(`${resourceType}/${id} is not known`);
    const audit = action && this.guard.audit ? this.auditRecord(action, 'success', { resourceType, resourceId: id }) : undefined;
    // The record of a successful read, written by the statement that reads the row when it may
    // (patients filled in there): a statement shared with other reads, or the read's own.
    const recordedBy = this.groupedReads ?? (audit ? this.ownRecordStatement() : undefined);
    const g = await this.readGuarded(recordedBy ?? this.db, resourceType, id, scope, recordedBy ? audit : undefined, true);
    if (!g) throw notFound(`${resourceType}/${id} is not known`);
    // Scope before deletion: a deleted record's index is gone, so it is outside every scope.
    if (!g.allowed) return this.denyRow(resourceType, id, 'read', g.patientIds);
    if (g.stored.deleted) throw gone(`${resourceType}/${id} was deleted (version ${g.stored.versionId})`);
    if (audit && !recordedBy) await this.auditRead([{ ...audit, patientIds: g.patientIds }]);
    return g.stored;
  }

  async vread(resourceType: string, id: string, versionId: string): Promise<HistoryEntry> {
    this.assertType(resourceType);
    let deletedSince = false;
    if (!this.ctx.system)
      await this.read(resourceType, id, 'vread').catch((err: unknown) => {
        // An old version of a now-deleted resource stays readable to whoever may read the type unscoped.
        if (err instanceof HaleError && err.code === 'gone') return void (deletedSince = true);
        throw err;
      });
    if (!/^\d{1,18}$/.test(versionId)) throw notFound(`${resourceType}/${id} has no version '${versionId}'`);
    const r = await this.db.query<HistoryRow>(`${HISTORY_SELECT} WHERE h.resource_type = $1 AND h.id = $2 AND h.version_id = $3`, [
      resourceType,
      id,
      Number(versionId),
    ]);
    if (!r.rows[0]) throw notFound(`${resourceType}/${id} has no version ${versionId}`);
    const h = this.reveal(fromHistoryRow(r.rows[0]));
    if (h.deleted) throw gone(`${resourceType}/${id} version ${versionId} is a deletion`);
    // The read above recorded nothing (the resource is deleted now), and its index, which names the patients, is gone.
    if (deletedSince) await this.auditRead([this.auditRecord('vread', 'success', { resourceType, resourceId: id, detail: { versionId } })]);
    return h;
  }

  /** Create with a server-assigned id (the client's id, if any, is replaced, as the spec says). */
  async create(resource: FhirResource, method: 'POST' = 'POST', assignedId?: string): Promise<WriteResult> {
    const resourceType = this.checkBody(resource);
    const id = assignedId ?? newResourceId();
    if (!this.auditsWrites) {
      // One statement, atomic by itself: no BEGIN/COMMIT round trips for a plain create.
      const stored = await this.writeNew(this.db, resourceType, id, 1, resource, method, false);
      return { stored, created: true };
    }
    const scope = await this.allow(resourceType, 'write');
    if (!scope) {
      // Nothing to check after the write: the version and its audit record in one statement.
      const stored = await this.writeNew(this.db, resourceType, id, 1, resource, method, false, (patientIds) =>
        this.guard.audit
          ? [this.auditRecord('create', 'success', { resourceType, resourceId: id, patientIds, detail: { versionId: 1 } })]
          : [],
      );
      return { stored, created: true };
    }
    return this.db.transaction(async (tx) => {
      const stored = await this.writeNew(tx, resourceType, id, 1, resource, method, false);
      const patientIds = await this.checkWritten(tx, resourceType, id, scope);
      // The version written, so "who changed what" can pair each version with its author.
      await this.auditWrite(tx, [
        this.auditRecord('create', 'success', { resourceType, resourceId: id, patientIds, detail: { versionId: stored.versionId } }),
      ]);
      return { stored, created: true };
    });
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
    const scope = await this.allow(resourceType, 'write', id);
    // The batch writer holds the rules (If-Match, no version for unchanged content); one item here.
    const [result] = await this.db.transaction(async (tx) => {
      if (scope) {
        const before = await this.readGuarded(tx, resourceType, id, scope);
        if (before && !before.stored.deleted && !before.allowed) await this.denyRow(resourceType, id, 'write', before.patientIds, true);
      }
      const results = await writeBatch(tx, [{ resourceType, id, resource, method, ifMatch }], this.guard.fields);
      if (this.auditsWrites && !results[0]!.unchanged) {
        const patientIds = await this.checkWritten(tx, resourceType, id, scope);
        const action = results[0]!.created ? 'create' : method === 'PATCH' ? 'patch' : 'update';
        await this.auditWrite(tx, [
          this.auditRecord(action, 'success', {
            resourceType,
            resourceId: id,
            patientIds,
            detail: { versionId: results[0]!.stored.versionId },
          }),
        ]);
      }
      return results;
    });
    return result!;
  }

  /** Soft delete. Deleting something absent or already deleted is not an error (returns undefined). */
  async delete(resourceType: string, id: string, ifMatch?: number): Promise<StoredResource | undefined> {
    this.assertType(resourceType);
    if (!ID_PATTERN.test(id)) return undefined;
    const scope = await this.allow(resourceType, 'write', id);
    return this.db.transaction(async (tx) => {
      let patientIds: string[] = [];
      if (this.auditsWrites) {
        const before = await this.readGuarded(tx, resourceType, id, scope);
        if (before && !before.stored.deleted && !before.allowed) await this.denyRow(resourceType, id, 'write', before.patientIds, true);
        patientIds = before?.patientIds ?? [];
      }
      const current = await new FhirRepository(tx, this.ctx, this.guard, true).readCurrent(resourceType, id, true);
      if (ifMatch !== undefined && (!current || current.deleted || current.versionId !== ifMatch)) {
        throw preconditionFailed(`Version conflict on ${resourceType}/${id}: If-Match asked for version ${ifMatch}`);
      }
      if (!current || current.deleted) return undefined;
      const lastUpdated = new Date().toISOString();
      const resource = JSON.parse(current.json) as FhirResource;
      const versionId = current.versionId + 1;
      resource.meta = { ...(resource.meta ?? {}), versionId: String(versionId), lastUpdated };
      const json = await writeVersion(tx, {
        resource,
        resourceType,
        id,
        versionId,
        lastUpdated,
        method: 'DELETE',
        exists: true,
        fields: this.guard.fields,
      });
      await this.auditWrite(tx, [
        this.auditRecord('delete', 'success', { resourceType, resourceId: id, patientIds, detail: { versionId } }),
      ]);
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
    if (!this.auditsWrites) return this.db.transaction((tx) => writeBatch(tx, items, this.guard.fields));
    const scopes = new Map<string, RowScope | undefined>();
    for (const i of items) if (!scopes.has(i.resourceType)) scopes.set(i.resourceType, await this.allow(i.resourceType, 'write'));
    return this.db.transaction(async (tx) => {
      for (const i of items) {
        const scope = scopes.get(i.resourceType);
        if (!scope) continue;
        const before = await this.readGuarded(tx, i.resourceType, i.id, scope);
        if (before && !before.stored.deleted && !before.allowed) await this.denyRow(i.resourceType, i.id, 'write', before.patientIds, true);
      }
      const results = await writeBatch(tx, items, this.guard.fields);
      const writtenAt = items.map((_, n) => n).filter((n) => !results[n]!.unchanged);
      const written = writtenAt.map((n) => items[n]!);
      // One record for the batch: which resources, and whose: the patients their rows name
      // (the Patient compartment), as a single write's record does. The scope check after the
      // write reads them; rows it did not check are read together.
      const patientIds = new Set<string>();
      const unchecked: BatchItem[] = [];
      for (const i of written) {
        const scope = scopes.get(i.resourceType);
        if (scope) for (const p of await this.checkWritten(tx, i.resourceType, i.id, scope)) patientIds.add(p);
        else unchecked.push(i);
      }
      for (const p of await rowPatientsOf(tx, unchecked)) patientIds.add(p);
      if (written.length) {
        await this.auditWrite(tx, [
          this.auditRecord('transaction', 'success', {
            patientIds: [...patientIds].sort(),
            detail: {
              resources: written.map((i) => `${i.resourceType}/${i.id}`),
              // 'Type/id' -> the version written, so each version can be paired with its author.
              versions: Object.fromEntries(
                writtenAt.map((n) => [`${items[n]!.resourceType}/${items[n]!.id}`, results[n]!.stored.versionId]),
              ),
            },
          }),
        ]);
      }
      return results;
    });
  }

  async search(resourceType: string, params: URLSearchParams, lenient: boolean): Promise<SearchOutcome> {
    this.assertType(resourceType);
    const expandToken = this.tokenExpander(resourceType);
    if (this.ctx.system) {
      const outcome = await runSearch(this.db, resourceType, params, lenient, expandToken ? { expandToken } : {});
      return this.revealOutcome(await this.withIncludes(outcome).then((r) => r.outcome));
    }
    const allowed = await this.allow(resourceType, 'read');
    const request = parseSearchRequest(resourceType, params, { lenient });
    const query = params.toString().slice(0, 2000);
    const run = (scope: RowScope | undefined, gate?: NamedPatientsCheck) =>
      runSearch(this.db, resourceType, params, lenient, {
        request,
        ...(scope ? { scope: (p) => scope.sql(p) } : {}),
        ...(scope?.candidates ? { candidates: (req) => (startsFromClinicianPatients(req) ? scope.candidates : undefined) } : {}),
        ...(gate ? { gate: (p) => gate.reachedSql(p) } : {}),
        ...(expandToken ? { expandToken } : {}),
        // A patient's own rows, or an insurer's claims, are too few among the hospital's for a sorted page's walk (sort-walk.ts).
        ...(scope?.kind === 'compartment' || scope?.kind === 'insurer' ? { walkBudget: 0 } : {}),
        extraColumn: () => ROW_PATIENT_IDS,
        // Without includes the page's own statement may write the record; otherwise it is written below.
        pageAudit: (req) => {
          if (req.include.length || req.revinclude.length) return undefined;
          const on = this.ownRecordStatement();
          return on ? { record: this.auditRecord('search', 'success', { resourceType, query }), on } : undefined;
        },
      });
    // A search that names its patients runs unscoped when the caller reaches them all, the
    // check riding in its own statements (named-patients-scope.ts). Nothing found may mean
    // the check failed (it returns and records nothing then): ask it alone, and when it did
    // fail, search again with the per-row check, which decides as for any other search.
    const named = namedPatientsCheck(request, allowed);
    let found = await run(named ? undefined : allowed, named);
    if (named && !found.matches.length && !found.total && !(await named.reached(this.db))) found = await run(allowed);
    if (found.audited) return this.revealOutcome(found);
    const { outcome, includeExtras } = await this.withIncludes(found);
    // One record for the page: matches and included resources, and every patient they belong to.
    const patientIds = new Set<string>();
    for (const ids of [...(outcome.extras ?? []), ...includeExtras] as (string[] | null)[]) for (const id of ids ?? []) patientIds.add(id);
    await this.auditRead([
      this.auditRecord('search', 'success', {
        resourceType,
        query,
        resultIds: [...outcome.matches, ...(outcome.included ?? [])].map((m) => `${m.resourceType}/${m.id}`),
        patientIds: [...patientIds],
      }),
    ]);
    return this.revealOutcome(outcome);
  }

  /**
   * How includes and $everything reach other types: through each type's own read scope,
   * as a search of that type would; a type the role may not read gives nothing (silently).
   */
  private readAccess(): IncludeAccess {
    if (this.ctx.system) return { scopeOf: () => undefined };
    const scopes = new Map<string, ((p: SqlParams) => string) | undefined | null>();
    return {
      scopeOf: (type) => {
        if (!scopes.has(type)) {
          const scope = roleAllows(this.ctx.roles, type, 'read') ? scopeFor(this.ctx, type, 'read', this.guard.careLinks) : null;
          scopes.set(type, scope ? (p) => scope.sql(p) : scope);
        }
        return scopes.get(type);
      },
      extraColumn: () => ROW_PATIENT_IDS,
    };
  }

  private async withIncludes(outcome: SearchOutcome): Promise<{ outcome: SearchOutcome; includeExtras: unknown[] }> {
    const r = outcome.request;
    if (!r.include.length && !r.revinclude.length) return { outcome, includeExtras: [] };
    const inc = await collectIncludes(this.db, r, outcome.matches, this.readAccess());
    const warnings = inc.truncated
      ? [`Only the first ${MAX_INCLUDED} included resources are returned; ask for a smaller _count to see the rest`]
      : [];
    return {
      outcome: { ...outcome, included: inc.resources, warnings: [...(outcome.warnings ?? []), ...warnings] },
      includeExtras: inc.extras,
    };
  }

  /**
   * `$everything` on a Patient or an Encounter: the access check is the read's (403/404 as
   * a read answers), then every type is fetched through its own read scope; one audit
   * record names the patient and what was returned.
   */
  async everything(focusType: 'Patient' | 'Encounter', id: string, query: EverythingQuery): Promise<EverythingOutcome> {
    this.assertType(focusType);
    const focus = await this.read(focusType, id, '');
    const outcome = await runEverything(this.db, focus, query, this.readAccess());
    if (!this.ctx.system) {
      await this.auditRead([
        this.auditRecord('everything', 'success', {
          resourceType: focusType,
          resourceId: id,
          query: query.raw.slice(0, 2000),
          resultIds: outcome.resources.map((m) => `${m.resourceType}/${m.id}`),
          patientIds: outcome.patientId ? [outcome.patientId] : [],
        }),
      ]);
    }
    return this.guard.fields ? { ...outcome, resources: outcome.resources.map((m) => this.reveal(m)) } : outcome;
  }

  private revealOutcome(o: SearchOutcome): SearchOutcome {
    if (!this.guard.fields) return o;
    return {
      ...o,
      matches: o.matches.map((m) => this.reveal(m)),
      ...(o.included ? { included: o.included.map((m) => this.reveal(m)) } : {}),
    };
  }

  /** Sensitive identifiers are indexed as keyed hashes: search for the hash (and, where values may be clear, the value too). */
  private tokenExpander(resourceType: string): SearchSqlOptions['expandToken'] {
    const f = this.guard.fields;
    if (!f || !f.hasSensitiveElements(resourceType)) return undefined;
    return (param, c) => {
      const sensitivity = f.searchSensitivity(resourceType, param, c.system);
      if (sensitivity === 'none' || c.code === undefined) return [c];
      const hashed = { ...c, code: blindIndexCode(f.hashForSearch(resourceType, param, c.system, c.code)) };
      return sensitivity === 'always' ? [hashed] : [c, hashed];
    };
  }

  async history(q: HistoryQuery): Promise<{ entries: HistoryEntry[]; total: number }> {
    let patientIds: string[] = [];
    if (!this.ctx.system) {
      if (q.resourceType && q.id) {
        const g = await this.readGuarded(this.db, q.resourceType, q.id, await this.allow(q.resourceType, 'read', q.id));
        if (g && !g.allowed) await this.denyRow(q.resourceType, q.id, 'read', g.patientIds);
        patientIds = g?.patientIds ?? [];
      } else if (q.resourceType) {
        if (await this.allow(q.resourceType, 'read')) {
          throw new HaleError(
            'forbidden',
            `The history of every ${q.resourceType} is open only to roles that see all of them; ask for one resource's history instead`,
          );
        }
      } else if (!this.ctx.roles.includes('admin')) {
        throw new HaleError('forbidden', 'The history of the whole server is open to administrators only');
      }
    }
    const result = await this.historyRows(q);
    await this.auditRead([
      this.auditRecord('history', 'success', {
        ...(q.resourceType ? { resourceType: q.resourceType } : {}),
        ...(q.id ? { resourceId: q.id } : {}),
        patientIds,
        resultIds: result.entries.map((e) => `${e.resourceType}/${e.id}/_history/${e.versionId}`),
      }),
    ]);
    return result;
  }

  private async historyRows(q: HistoryQuery): Promise<{ entries: HistoryEntry[]; total: number }> {
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
      `${HISTORY_SELECT} ${whereSql} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.count, q.offset],
    );
    return { entries: r.rows.map((row) => this.reveal(fromHistoryRow(row))), total };
  }

  private async writeNew(
    tx: Queryable,
    resourceType: string,
    id: string,
    versionId: number,
    input: FhirResource,
    method: HistoryEntry['method'],
    exists: boolean,
    audit?: NewVersion['audit'],
  ): Promise<StoredResource> {
    const lastUpdated = new Date().toISOString();
    const ordered = withServerMeta(resourceType, id, versionId, lastUpdated, input);
    validateResource(ordered);
    const json = await writeVersion(
      tx,
      {
        resource: ordered,
        resourceType,
        id,
        versionId,
        lastUpdated,
        method,
        exists,
        fields: this.guard.fields,
        ...(audit ? { audit } : {}),
      },
      this.guard.creates,
    );
    return { resourceType, id, versionId, lastUpdated, deleted: false, json };
  }

  /**
   * Fuzzy patient lookup for people (docs/patient-lookup.md): one ranked, bounded query
   * over the index tables, under the same role check, row scope and audit as a Patient search.
   */
  async lookupPatients(terms: PatientLookupTerms, limit: number): Promise<PatientLookupMatch[]> {
    const scope = await this.allow('Patient', 'read');
    const f = this.guard.fields;
    const built = patientLookupSql(terms, {
      limit,
      ...(scope ? { scope: (p: SqlParams) => scope.sql(p) } : {}),
      // Encrypted identifiers (and phones, if an admin rule covers them) are indexed as keyed hashes.
      ...(f?.hasSensitiveElements('Patient')
        ? {
            hashedCodes: (param: 'identifier' | 'phone', value: string) =>
              f.searchSensitivity('Patient', param) === 'none' ? [] : [blindIndexCode(f.hashForSearch('Patient', param, null, value))],
          }
        : {}),
    });
    const rows = await this.db.transaction(async (tx) => {
      await tx.query(PATIENT_LOOKUP_SETTINGS);
      const name = statementName('hale_lookup', built.sql);
      return (await tx.query<PatientLookupRow>(built.sql, built.params, name ? { name } : {})).rows;
    });
    const found = rows.map((row) => patientLookupMatch(row, (s) => this.reveal(s)));
    await this.auditRead([
      this.auditRecord('search', 'success', {
        resourceType: 'Patient',
        query: terms.queryText.slice(0, 2000),
        resultIds: found.map((m) => `Patient/${m.stored.id}`),
        patientIds: found.map((m) => m.stored.id),
      }),
    ]);
    return found;
  }
}
