/**
 * Vitest global setup for the embedded-engine pass: migrates one in-memory database and
 * writes it to a tarball that every in-memory test server starts from (test-server.ts).
 * Starting PGlite from a copy takes about 0.3 s; running initdb and the migrations for each
 * of the suite's servers took about 2 s of CPU apiece. The copy is made from the migrations
 * of this checkout on each run, so it never lags behind them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../src/db/pglite-engine.ts';
import { migrate } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated embedded database's tarball; empty on the PostgreSQL pass. */
    pgliteSeedFile: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteSeedFile', '');
    return () => {};
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'hale-test-seed-'));
  const file = path.join(dir, 'migrated.tar');
  const db = await openPglite(undefined);
  try {
    await migrate(db);
    await db.dumpTo(file);
  } finally {
    await db.close();
  }
  project.provide('pgliteSeedFile', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
