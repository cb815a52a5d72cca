/** `hale audit verify`: recompute the audit chain; exit 0 when intact, 1 with the first problem. */
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { DataDirLockedError } from '../ops/data-dir-lock.ts';
import { loadOrCreateSecrets } from '../ops/secrets.ts';
import { checkpointFileFor } from '../audit/checkpoint-file.ts';
import { verifyAuditChain } from '../audit/verify-chain.ts';
import { openStoreForCli } from './open-store.ts';

export async function auditVerifyCommand(): Promise<number> {
  const config = loadConfig();
  let store;
  try {
    store = await openStoreForCli(config, 'audit verify');
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(
        `${err.message} (The embedded database can be verified while the server is stopped; on PostgreSQL it can run any time.)`,
      );
      return 2;
    }
    throw err;
  }
  try {
    await migrate(store.db);
    const secrets = loadOrCreateSecrets(config.dataDir);
    const r = await verifyAuditChain(store.db, { key: secrets.auditKey, checkpointFile: checkpointFileFor(config) });
    if (r.ok) {
      console.log(
        `Audit chain intact: ${r.sealed} sealed record(s) verified` +
          (r.checkpoint
            ? `, consistent with the checkpoint (record ${r.checkpoint.chainPos}, ${r.checkpoint.sealedAt})`
            : ', no checkpoint yet') +
          `; ${r.unsealed} record(s) not sealed yet.`,
      );
      return 0;
    }
    console.log(`AUDIT CHAIN BROKEN: ${r.problem!.kind} at record ${r.problem!.chainPos}: ${r.problem!.message}`);
    console.log(`(${r.sealed} record(s) verified before the problem; ${r.unsealed} unsealed.)`);
    return 1;
  } finally {
    await store.close();
  }
}
