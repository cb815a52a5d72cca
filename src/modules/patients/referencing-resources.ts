/**
 * Which resources point at a patient, from the search index (sp_reference) rather than a
 * search of every type: one indexed probe (sp_reference_reverse_idx) finds them all, of
 * whatever type and through whatever reference parameter. It returns only type and id;
 * the merge then reads and writes each through the store with the caller's context, so
 * the access policy decides what the caller may move and the audit records it.
 */
import type { Queryable } from '../../db/types.ts';

export interface ResourceKey {
  resourceType: string;
  id: string;
}

export async function resourcesReferencing(db: Queryable, patientId: string): Promise<ResourceKey[]> {
  const r = await db.query<{ resource_type: string; resource_id: string }>(
    `SELECT DISTINCT x.resource_type, x.resource_id
       FROM sp_reference x JOIN resource r ON r.resource_type = x.resource_type AND r.id = x.resource_id AND NOT r.deleted
      WHERE x.target_type = 'Patient' AND x.target_id = $1
      ORDER BY x.resource_type, x.resource_id`,
    [patientId],
    { name: 'hale_patient_referrers' },
  );
  return r.rows.map((row) => ({ resourceType: row.resource_type, id: row.resource_id }));
}
