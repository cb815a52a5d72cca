/**
 * Demo data for a new installation: on the first start with an empty database, a handful
 * of generated patients (with their practitioners and organizations) are loaded through
 * the same bundle processor as any import, so the app is not empty. HALE_DEMO=0 turns it off.
 */
import type { Database } from '../db/types.ts';
import { lockForTransaction } from '../db/advisory-lock.ts';
import { systemContext } from '../fhir/acting-context.ts';
import type { StoreGuard } from '../fhir/store/store-guard.ts';
import { FhirRepository } from '../fhir/store/repository.ts';
import { repositorySink } from '../import/import-files.ts';
import { generateDemoSet } from './generate-patients.ts';
import { loadDemoScheduling } from './demo-scheduling.ts';

export const DEMO_PATIENTS = 12;

export async function loadDemoDataIfEmpty(db: Database, guard?: StoreGuard): Promise<number> {
  // One transaction under a lock: two servers starting together on an empty database load
  // the demo set once, and a crash half-way leaves the database empty, not half-loaded.
  return db.transaction(async (tx) => {
    await lockForTransaction(tx, 'demo');
    const any = await tx.query('SELECT 1 FROM resource LIMIT 1');
    if (any.rows.length > 0) return 0;
    const repo = new FhirRepository(tx, systemContext('demo-data'), guard);
    const set = generateDemoSet({ patients: DEMO_PATIENTS, seed: 20261123, resourcesPerPatient: 'typical' });
    // The same path as `hale import`: a failed entry of the batch fails the load.
    const sink = repositorySink(repo);
    let count = 0;
    const run = async (bundle: { entry?: unknown[] }) => {
      await sink(bundle);
      count += (bundle.entry ?? []).length;
    };
    await run(set.shared);
    for (const b of set.patients) await run(b);
    return count + (await loadDemoScheduling(repo));
  });
}
