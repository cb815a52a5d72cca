/** `hale audit verify`: recompute the audit chain; exit 0 when intact, 1 with the first problem, 2 when it cannot check. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { DataDirLockedError } from '../ops/data-dir-lock.ts';
import { loadOrCreateSecrets } from '../ops/secrets.ts';
import { checkpointFileFor } from '../audit/checkpoint-file.ts';
import { verifyAuditChain } from '../audit/verify-chain.ts';
import { openStoreForCli } from './open-store.ts';

export async function auditVerifyCommand(): Promise<number> {
  const config = loadConfig();
  // Verifying with a key made up on the spot would call every record tampered (and leave a
  // stray secrets file behind): the key must be the one the servers seal with.
  const secretsFile = process.env.HALE_SECRETS_FILE
    ? path.resolve(process.env.HALE_SECRETS_FILE)
    : path.join(config.dataDir, 'secrets.json');
  if (!existsSync(secretsFile)) {
    console.error(
      `No secrets file at ${secretsFile}: the audit key is needed to verify. Point HALE_DATA_DIR or HALE_SECRETS_FILE at the servers' own.`,
    );
    return 2;
  }
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
    // A check changes nothing: no migrations here, only a look whether there is a trail at all.
    const table = await store.db.query<{ t: string | null }>("SELECT to_regclass('audit_event')::text AS t");
    if (!table.rows[0]?.t) {
      console.error('This database has no audit trail yet (start the server or run `hale migrate` first).');
      return 2;
    }
    const secrets = loadOrCreateSecrets(config.dataDir);
    const r = await verifyAuditChain(store.db, { key: secrets.auditKey, checkpointFile: checkpointFileFor(config) });
    if (r.ok) {
      console.log(
        `Audit chain intact: ${r.sealed} sealed record(s) verified` +
          (r.checkpoint
            ? `, consistent with the checkpoint (record ${r.checkpoint.chainPos}, ${r.checkpoint.sealedAt})`
            : `, no checkpoint at ${checkpointFileFor(config)} (deletion of the newest records cannot be checked)`) +
          `; ${r.unsealed} record(s) not sealed yet.`,
      );
      return 0;
    }
    const where = r.problem!.chainPos > 0 ? `record ${r.problem!.chainPos}` : `seq ${r.problem!.seq}, outside the chain`;
    console.log(`AUDIT CHAIN BROKEN: ${r.problem!.kind} at ${where}: ${r.problem!.message}`);
    console.log(`(${r.sealed} record(s) verified before the problem; ${r.unsealed} unsealed.)`);
    return 1;
  } finally {
    await store.close();
  }
}
