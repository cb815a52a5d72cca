/**
 * How a CLI command reaches the data: directly (PostgreSQL, or an embedded folder nobody
 * else has open, which it then locks), or not at all when a server holds the folder.
 */
import type { Config } from '../config.ts';
import { embeddedDbDir, openDatabaseAlongside } from '../db/open-database.ts';
import type { Database } from '../db/types.ts';
import { lockDataDir, type DataDirLock } from '../ops/data-dir-lock.ts';

export interface OpenedStore {
  db: Database;
  close(): Promise<void>;
}

/**
 * Throws DataDirLockedError when a server (or another command) has the embedded folder.
 * `alongside`: the command's own preparation, run while the database opens (openDatabaseAlongside).
 */
export async function openStoreForCli(config: Config, purpose: string, alongside?: () => void): Promise<OpenedStore> {
  const lock: DataDirLock | undefined = config.databaseUrl ? undefined : lockDataDir(config.dataDir, purpose);
  try {
    const db = await openDatabaseAlongside(
      {
        databaseUrl: config.databaseUrl,
        dbSchema: config.dbSchema,
        dbPoolMax: 4,
        statementTimeoutMs: config.statementTimeoutMs,
        pgliteDir: embeddedDbDir(config.dataDir),
      },
      alongside ?? (() => undefined),
    );
    return {
      db,
      async close() {
        await db.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
