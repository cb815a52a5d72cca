/**
 * How a CLI command reaches the data: directly (PostgreSQL, or an embedded folder nobody
 * else has open, which it then locks), or not at all when a server holds the folder.
 */
import type { Config } from '../config.ts';
import { embeddedDbDir, openDatabase } from '../db/open-database.ts';
import type { Database } from '../db/types.ts';
import { lockDataDir, type DataDirLock } from '../ops/data-dir-lock.ts';

export interface OpenedStore {
  db: Database;
  close(): Promise<void>;
}

/**
 * Throws DataDirLockedError when a server (or another command) has the embedded folder.
 * `alongside` runs while the database opens (the embedded engine starts on its own thread):
 * the command's own preparation, such as indexing the R4 definitions, costs no extra time.
 */
export async function openStoreForCli(config: Config, purpose: string, alongside?: () => void): Promise<OpenedStore> {
  const lock: DataDirLock | undefined = config.databaseUrl ? undefined : lockDataDir(config.dataDir, purpose);
  try {
    const opening = openDatabase({
      databaseUrl: config.databaseUrl,
      dbSchema: config.dbSchema,
      dbPoolMax: 4,
      statementTimeoutMs: config.statementTimeoutMs,
      pgliteDir: embeddedDbDir(config.dataDir),
    });
    try {
      alongside?.();
    } catch (err) {
      await opening.then((opened) => opened.close()).catch(() => undefined);
      throw err;
    }
    const db = await opening;
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
