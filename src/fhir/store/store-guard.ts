/**
 * What the store needs to enforce access and write the audit trail, handed to every
 * request's repository by the server. Without a guard a repository still denies by
 * default (role table and scopes apply); only the audit sink is then missing.
 */
import type { Queryable } from '../../db/types.ts';
import type { SecurityAuditRecord } from '../../access/security-audit.ts';
import type { SensitiveFields } from '../../crypto/sensitive-fields.ts';
import type { WriteCoalescer } from './write-coalescer.ts';
import type { ReadCoalescer } from './read-coalescer.ts';
import type { ContentCache } from './content-cache.ts';

export interface StoreAuditSink {
  /** Reads: batched with other requests' records; resolved once durable. */
  record(records: SecurityAuditRecord[]): Promise<void>;
  /** Writes: in the same transaction as the change. */
  appendInTx(tx: Queryable, records: SecurityAuditRecord[]): Promise<void>;
  /**
   * Where a read outside a transaction may write its own record in its own statement
   * (committed as `record` commits), or undefined when it should hand the record to `record`.
   */
  readonly ownStatement?: Pick<Queryable, 'query'> | undefined;
}

export interface StoreGuard {
  /** Links that give clinicians access to a patient (config.careRelationship). */
  careLinks: readonly string[];
  audit?: StoreAuditSink;
  /** Field encryption: sensitive elements are stored encrypted and indexed by keyed hash. */
  fields?: SensitiveFields;
  /** Clear content of versions recently read, so a repeated read skips decryption and transfer (content-cache.ts). */
  contents?: ContentCache;
  /** Group commit of plain creates made outside a transaction on the coalescer's database (write-coalescer.ts). */
  creates?: WriteCoalescer;
  /**
   * Grouped reads by id made outside a transaction, each with its record written by the
   * shared statement (read-coalescer.ts): only where `audit` is the log whose records it writes.
   */
  reads?: ReadCoalescer;
}

export const DEFAULT_GUARD: StoreGuard = Object.freeze({
  careLinks: Object.freeze(['care-team', 'encounter', 'appointment', 'organization']),
});
