/**
 * Who wrote each version of a Patient, from the audit trail. The store records each write
 * in the write's own transaction, with the version it wrote (`detail.versionId` for a single
 * write, `detail.versions['Type/id']` for a batch), so a version and its author pair exactly.
 * The audit trail is not a FHIR resource: this is the one query of this module on it, and
 * reads only the write records of the one patient asked about.
 */
import type { Queryable } from '../../db/types.ts';

export interface WriteAuthor {
  userId: string;
  roles: string[];
  action: string;
  recordedAt: string;
  requestId?: string;
}

interface Row {
  user_id: string;
  roles: string[];
  action: string;
  recorded_at: string | Date;
  request_id: string | null;
  detail: Record<string, unknown> | string | null;
}

/** versionId -> the write's author, for the Patient's versions whose write record names its version. */
export async function patientWriteAuthors(db: Queryable, patientId: string): Promise<Map<number, WriteAuthor>> {
  const key = `Patient/${patientId}`;
  const r = await db.query<Row>(
    `SELECT user_id, roles, action, recorded_at, request_id, detail
       FROM audit_event
      WHERE patient_ids @> ARRAY[$1]::text[] AND outcome = 'success'
        AND ((action IN ('create', 'update', 'patch', 'delete') AND resource_type = 'Patient' AND resource_id = $1)
             OR (action = 'transaction' AND (detail -> 'versions') ? $2))
      ORDER BY seq`,
    // Every write of a Patient lists the patient among its patients: the GIN index on patient_ids finds them.
    [patientId, key],
  );
  const out = new Map<number, WriteAuthor>();
  for (const row of r.rows) {
    const detail = (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as {
      versionId?: number;
      versions?: Record<string, number>;
    } | null;
    const version = row.action === 'transaction' ? detail?.versions?.[key] : detail?.versionId;
    if (typeof version !== 'number') continue;
    out.set(version, {
      userId: row.user_id,
      roles: row.roles,
      action: row.action,
      recordedAt: new Date(row.recorded_at).toISOString(),
      ...(row.request_id ? { requestId: row.request_id } : {}),
    });
  }
  return out;
}
