/**
 * What every operation of the store goes through (docs/access-control.md): the role check and
 * row scope, the audit records of reads, writes and denials, and field encryption on the way
 * out. FhirRepository (repository.ts) builds the FHIR interactions on it.
 */
import type { Queryable } from '../../db/types.ts';
import { HaleError, badRequest, notFound } from '../../errors.ts';
import type { ActingContext } from '../acting-context.ts';
import { isResourceType } from '../definitions.ts';
import { ID_PATTERN } from '../validation/resource-id.ts';
import { fromRow, type ResourceRow } from './resource-rows.ts';
import type { FhirResource, StoredResource } from './stored-resource.ts';
import { DEFAULT_GUARD, type StoreGuard } from './store-guard.ts';
import type { CachedContent, ContentCache } from './content-cache.ts';
import { roleAllows, type Action } from '../../access/permissions.ts';
import { scopeFor, type RowScope } from '../../access/access-scope.ts';
import { guardedReadStatement, type GuardedRow } from './guarded-read.ts';
import { ReadCoalescer } from './read-coalescer.ts';
import { auditRecordBy, type SecurityAuditRecord } from '../../access/security-audit.ts';

export abstract class GuardedStore {
  constructor(
    readonly db: Queryable,
    readonly ctx: ActingContext,
    readonly guard: StoreGuard = DEFAULT_GUARD,
    /** True over an open transaction: audit records for writes join it. */
    protected readonly inTx = false,
  ) {}

  /** The content cache where this repository may use it: outside transactions (content-cache.ts says why). */
  private get contents(): ContentCache | undefined {
    return this.inTx ? undefined : this.guard.contents;
  }

  /**
   * The read coalescer where this repository's reads may join it: only on the very database
   * it groups reads for. A repository over a transaction (whatever its inTx flag says) must
   * read inside it, where its own writes are seen.
   */
  protected get groupedReads(): ReadCoalescer | undefined {
    const reads = this.guard.reads;
    return reads && reads.db === this.db ? reads : undefined;
  }

  /** The content cache's entry for this resource, if any (see `contents`). */
  protected heldContent(resourceType: string, id: string): CachedContent | undefined {
    return this.contents?.get(resourceType, id);
  }

  /**
   * A row as a resource in clear, its content taken from `held` when the statement left it
   * out (it was told `held`'s version), and otherwise kept in the content cache (see `contents`).
   */
  protected storedFromCache(row: ResourceRow, held: CachedContent | undefined): StoredResource {
    if (row.content === null) return fromRow({ ...row, content: held!.json });
    const stored = this.reveal(fromRow(row));
    this.contents?.put(stored.resourceType, stored.id, stored.versionId, stored.json);
    return stored;
  }

  /** Stored content back to clear text (field encryption); a no-op without sensitive values. */
  protected reveal<T extends StoredResource>(s: T): T {
    const f = this.guard.fields;
    if (!f) return s;
    const json = f.revealJson(s.json);
    return json === s.json ? s : { ...s, json };
  }

  // ---- access policy and audit (see docs/access-control.md) ----

  protected auditRecord(
    action: string,
    outcome: SecurityAuditRecord['outcome'],
    extra: Partial<SecurityAuditRecord> = {},
  ): SecurityAuditRecord {
    // A system step of a user's request is recorded as that user's, naming the step.
    const on = this.ctx.onBehalfOf;
    const c = on ? { ...this.ctx, ...on } : this.ctx;
    // The break-glass flag is kept beside a record's own detail (a write's version), not replaced by it.
    let detail = c.breakGlass ? { breakGlass: true, ...extra.detail } : extra.detail;
    if (on) detail = { ...detail, writtenBy: this.ctx.userId, ...(this.ctx.purpose ? { purpose: this.ctx.purpose } : {}) };
    return auditRecordBy(c, action, outcome, { ...extra, ...(detail ? { detail } : {}) });
  }

  /**
   * Audit of a read-like access: batched, but durable before the response leaves. Inside a
   * transaction (a Bundle, a conditional write) the record joins that transaction: the
   * embedded engine has one connection, which the open transaction holds. A denial inside a
   * transaction is recorded on its own, without waiting, because the transaction is about
   * to roll back and the caller gets an error, not data.
   */
  protected async auditRead(records: SecurityAuditRecord[], denial = false, insideTx = this.inTx): Promise<void> {
    const audit = this.guard.audit;
    if (this.ctx.system || !audit || !records.length) return;
    if (!insideTx) return audit.record(records);
    if (!denial) return audit.appendInTx(this.db, records);
    void audit.record(records).catch(() => undefined);
  }

  /** True when writes are audited: every user's, and a system context's acting for a user. */
  protected get auditsWrites(): boolean {
    return !this.ctx.system || this.ctx.onBehalfOf !== undefined;
  }

  /** Audit of a write: in the transaction of the change. */
  protected async auditWrite(tx: Queryable, records: SecurityAuditRecord[]): Promise<void> {
    if (!this.auditsWrites || !this.guard.audit || !records.length) return;
    await this.guard.audit.appendInTx(tx, records);
  }

  /** Role check (deny by default), then the row scope for this type; denials are audited. */
  protected async allow(resourceType: string, action: Action, id?: string): Promise<RowScope | undefined> {
    if (this.ctx.system) return undefined;
    if (!roleAllows(this.ctx.roles, resourceType, action)) {
      await this.auditRead(
        [this.auditRecord('permission-denied', 'denied', { resourceType, ...(id ? { resourceId: id } : {}), detail: { action } })],
        true,
      );
      throw new HaleError(
        'forbidden',
        `Your role${this.ctx.roles.length === 1 ? '' : 's'} (${this.ctx.roles.join(', ') || 'none'}) may not ${action} ${resourceType} resources`,
      );
    }
    return scopeFor(this.ctx, resourceType, action, this.guard.careLinks);
  }

  /** Outside the scope: a patient is told nothing exists; staff learn they lack the relationship (and can break the glass). */
  protected async denyRow(
    resourceType: string,
    id: string,
    action: Action,
    patientIds: string[] = [],
    insideTx = this.inTx,
  ): Promise<never> {
    await this.auditRead(
      [this.auditRecord('permission-denied', 'denied', { resourceType, resourceId: id, patientIds, detail: { action } })],
      true,
      insideTx,
    );
    if (this.ctx.roles.includes('patient')) throw notFound(`${resourceType}/${id} is not known`);
    throw new HaleError(
      'forbidden',
      `${resourceType}/${id} belongs to a patient you have no care relationship with. In an emergency, request break-glass access (POST /api/v1/break-glass).`,
    );
  }

  /**
   * Where a read may write its audit record in its own statement: the open transaction, or
   * the audit log's connection for it when the log has nothing else in flight (see
   * AuditLog.ownStatement); undefined when the record goes through auditRead.
   */
  protected ownRecordStatement(): Pick<Queryable, 'query'> | undefined {
    if (this.ctx.system || !this.guard.audit) return undefined;
    return this.inTx ? this.db : this.guard.audit.ownStatement;
  }

  /**
   * The current row with whether the context may see it and the patients it belongs to. One
   * query (or a share of one, through the read coalescer); given `audit`, the same statement
   * records a successful read. `cached`: outside a transaction, the content may come from,
   * and goes to, the content cache.
   */
  protected async readGuarded(
    q: Pick<Queryable, 'query'> | ReadCoalescer,
    resourceType: string,
    id: string,
    scope: RowScope | undefined,
    audit?: SecurityAuditRecord,
    cached = false,
  ): Promise<{ stored: StoredResource; allowed: boolean; patientIds: string[] } | undefined> {
    const held = cached ? this.heldContent(resourceType, id) : undefined;
    let row: GuardedRow | undefined;
    if (q instanceof ReadCoalescer) {
      // Grouped with other reads of the same shape; the shared statement writes the record.
      const { sql, params } = guardedReadStatement(resourceType, id, scope, undefined, held?.versionId);
      const alone = () => guardedReadStatement(resourceType, id, scope, audit, held?.versionId);
      row = await q.read({ sql, params, alone, ...(audit ? { audit } : {}) });
    } else {
      const { sql, params, name } = guardedReadStatement(resourceType, id, scope, audit, held?.versionId);
      row = (await q.query<GuardedRow>(sql, params, name ? { name } : {})).rows[0];
    }
    if (!row) return undefined;
    const stored = cached ? this.storedFromCache(row, held) : this.reveal(fromRow(row));
    return { stored, allowed: row.allowed === true, patientIds: row.patient_ids ?? [] };
  }

  /** After a write (inside its transaction): is the new content inside the scope, and whose is it? */
  protected async checkWritten(tx: Queryable, resourceType: string, id: string, scope: RowScope | undefined): Promise<string[]> {
    const after = await this.readGuarded(tx, resourceType, id, scope);
    if (after && !after.allowed) {
      throw new HaleError(
        'forbidden',
        `You may not write ${resourceType} for a patient outside your care relationships (or your own record)`,
      );
    }
    return after?.patientIds ?? [];
  }

  assertType(resourceType: string): void {
    if (!isResourceType(resourceType)) throw notFound(`Unknown resource type '${resourceType}'`);
  }

  assertId(id: string): void {
    if (!ID_PATTERN.test(id)) throw badRequest(`Invalid id '${id}': 1-64 characters of A-Z a-z 0-9 - .`);
  }

  protected checkBody(resource: unknown): string {
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
}
