/**
 * The current row of a resource with whether the acting context may see it and the
 * patients it belongs to, in one statement. Given an audit record, the same statement
 * writes it when the row is visible: a read and its record cost one round trip, and the
 * record is committed when the answer comes back. Given the version the content cache holds
 * (content-cache.ts), the content comes back only when the current version is another.
 */
import type { RowScope } from '../../access/access-scope.ts';
import { ROW_PATIENT_IDS } from '../../access/access-scope.ts';
import { auditInsertSelect, type AuditRecord } from '../../audit/audit-record.ts';
import { statementName } from '../../db/statement-name.ts';
import { SqlParams } from '../search/sql-params.ts';
import { resourceColumnsUnlessHeld, type ResourceRow } from './resource-rows.ts';

export type GuardedRow = ResourceRow & { allowed: boolean; patient_ids: string[] };

export function guardedReadStatement(
  resourceType: string,
  id: string,
  scope: RowScope | undefined,
  audit?: AuditRecord,
  heldVersion = 0,
): { sql: string; params: unknown[]; name?: string } {
  const p = new SqlParams([resourceType, id]);
  const allowed = scope ? scope.sql(p) : 'true';
  const columns = resourceColumnsUnlessHeld(p.add(heldVersion, 'bigint'));
  const select = `SELECT ${columns}, (${allowed}) AS allowed, ${ROW_PATIENT_IDS} AS patient_ids
         FROM resource r WHERE r.resource_type = $1 AND r.id = $2`;
  // A deleted or out-of-scope row is not a successful read: the caller records the denial.
  const sql = audit
    ? `WITH g AS (${select}), a AS (${auditInsertSelect(p, audit, { patientIds: 'g.patient_ids' })} FROM g WHERE g.allowed AND NOT g.deleted) SELECT * FROM g`
    : select;
  const name = statementName(audit ? 'hale_rga' : 'hale_rg', sql);
  return { sql, params: p.values, ...(name ? { name } : {}) };
}
