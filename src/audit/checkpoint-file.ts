import path from 'node:path';
import type { Config } from '../config.ts';

/** Where the chain head is checkpointed: HALE_AUDIT_CHECKPOINT_FILE (shared by instances) or the data folder. */
export function checkpointFileFor(config: Config, env: Record<string, string | undefined> = process.env): string {
  return env.HALE_AUDIT_CHECKPOINT_FILE?.trim()
    ? path.resolve(env.HALE_AUDIT_CHECKPOINT_FILE.trim())
    : path.join(config.dataDir, 'audit-checkpoint.json');
}
