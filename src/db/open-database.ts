import path from 'node:path';
import type { Logger } from 'pino';
import type { Database } from './types.ts';
import { openPglite } from './pglite-engine.ts';
import { openPostgres } from './postgres-engine.ts';

export interface DatabaseTarget {
  /** PostgreSQL server URL; when unset the embedded engine is used. */
  databaseUrl?: string;
  dbSchema?: string;
  dbPoolMax?: number;
  statementTimeoutMs?: number;
  /** Folder for the embedded engine; 'memory' for a throwaway in-memory database. */
  pgliteDir: string | 'memory';
  /** For the embedded engine: a dump to start a new database from (see PgliteOptions.seedFile). */
  pgliteSeedFile?: string;
  logger?: Logger;
}

export function embeddedDbDir(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.databaseUrl) {
    return openPostgres({
      connectionString: target.databaseUrl,
      poolMax: target.dbPoolMax ?? 20,
      schema: target.dbSchema,
      statementTimeoutMs: target.statementTimeoutMs ?? 30_000,
    });
  }
  return openPglite(target.pgliteDir === 'memory' ? undefined : target.pgliteDir, {
    ...(target.logger ? { logger: target.logger } : {}),
    ...(target.pgliteSeedFile ? { seedFile: target.pgliteSeedFile } : {}),
  });
}

/**
 * Opens the database while `alongside` runs: the embedded engine starts on a thread of its
 * own and a server is reached over the network, so a caller's synchronous preparation (such
 * as indexing the R4 definitions, a second or more of CPU) costs no extra time. When
 * `alongside` throws, the database is closed again and the error passed on.
 */
export async function openDatabaseAlongside(target: DatabaseTarget, alongside: () => void): Promise<Database> {
  const opening = openDatabase(target);
  try {
    alongside();
  } catch (err) {
    await opening.then((opened) => opened.close()).catch(() => undefined);
    throw err;
  }
  return opening;
}
