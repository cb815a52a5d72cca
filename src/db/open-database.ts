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
