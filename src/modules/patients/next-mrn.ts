/**
 * The next MRN: drawn from the hale_mrn_seq sequence (migration 0009), which every server on
 * the database shares, then checked against the store in case a Patient imported from
 * elsewhere already carries that number in this system.
 */
import { conflict } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { mrnOf } from './mrn.ts';

const ATTEMPTS = 5;

export async function nextMrn(repo: FhirRepository, system: string): Promise<string> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // Not a resource: a counter. nextval is outside the transaction's rollback by design,
    // so a failed registration leaves a gap instead of handing the number out twice.
    const r = await repo.db.query<{ n: string }>(`SELECT nextval('hale_mrn_seq')::text AS n`, [], { name: 'hale_next_mrn' });
    const mrn = mrnOf(Number(r.rows[0]!.n));
    const taken = await repo.search('Patient', new URLSearchParams({ identifier: `${system}|${mrn}`, _summary: 'count' }), false);
    if (!taken.total) return mrn;
  }
  throw conflict(`No free MRN after ${ATTEMPTS} numbers: Patients imported into ${system} use the numbers this server hands out`);
}
