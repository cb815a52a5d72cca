/**
 * The loaded population the search benchmark runs on. Loading 100,000 patients takes
 * long, so with --reuse the data stays between runs under a fixed name per engine and
 * size (PostgreSQL schema `hale_bench_search_<N>`, data folder
 * `$HALE_BENCH_DIR/search-<engine>-<N>`, which also keeps the secrets the stored data was
 * encrypted with), and a run loads only the patients still missing (`hale generate
 * --offset`). Without --reuse, everything is made fresh and removed at the end.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropSchemas } from '../core/postgres.ts';
import { embeddedDbDir, openDatabase } from '../../src/db/open-database.ts';
import type { Database } from '../../src/db/types.ts';
import type { Engine } from '../run.ts';
import { REPO_ROOT, childEnv } from '../core/spawn-server.ts';
import { POPULATION } from './samples.ts';

export interface Dataset {
  /** Environment for Hale (server or CLI) on this data. */
  env: Record<string, string>;
  patients: number;
  resources: number;
  /** Set when this run loaded patients. */
  load?: { patients: number; seconds: number; perS: number };
  cleanup(): Promise<void>;
}

interface Store {
  count(): Promise<{ patients: number; resources: number }>;
  /** VACUUM ANALYZE after a load; a plain ANALYZE (samples only, seconds) on reuse. */
  analyze(vacuum: boolean): Promise<void>;
}

/** Opens the data with Hale's own engine code (same extensions, same schema handling). */
function store(engine: Engine, databaseUrl: string, schema: string, dataDir: string): Store {
  const open = () =>
    openDatabase({
      ...(engine === 'postgres' ? { databaseUrl, dbSchema: schema, dbPoolMax: 1 } : {}),
      // VACUUM ANALYZE of millions of rows runs long; no statement timeout here.
      statementTimeoutMs: 0,
      pgliteDir: embeddedDbDir(dataDir),
    });
  const run = async <T>(fn: (db: Database) => Promise<T>): Promise<T> => {
    const db = await open();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  return {
    count: async () => {
      if (engine === 'pglite' && !existsSync(embeddedDbDir(dataDir))) return { patients: 0, resources: 0 };
      return run(async (db) => {
        const table = engine === 'postgres' ? `${schema}.resource` : 'resource';
        const exists = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
        if (!exists.rows[0]?.t) return { patients: 0, resources: 0 };
        const r = await db.query<{ patients: number; resources: number }>(
          `SELECT count(*) FILTER (WHERE resource_type = 'Patient')::int AS patients, count(*)::int AS resources FROM resource WHERE NOT deleted`,
        );
        return r.rows[0]!;
      });
    },
    // A bulk-loaded table has no statistics and no visibility map yet: plans would be guesses.
    analyze: (vacuum) => run((db) => db.exec(vacuum ? 'VACUUM ANALYZE' : 'ANALYZE')),
  };
}

/** `hale generate` as its own process, its progress bar on our terminal. */
function generate(env: Record<string, string>, patients: number, offset: number, concurrency: number, size: string): Promise<void> {
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'generate'];
  args.push('--patients', String(patients), '--offset', String(offset), '--seed', String(POPULATION.seed));
  args.push('--size', size, '--as-of', POPULATION.asOf.toISOString().slice(0, 10), '--concurrency', String(concurrency));
  const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, env: childEnv(env), stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`hale generate failed (${signal ?? `exit ${code}`}); see its output above`)),
    );
  });
}

export async function prepareDataset(
  engine: Engine,
  databaseUrl: string,
  patients: number,
  reuse: boolean,
  log: (m: string) => void,
  /** Another benchmark's population: its own name (schema, folder) and history size. */
  population: { name: string; size: string } = { name: 'search', size: POPULATION.size },
): Promise<Dataset> {
  const benchDir = process.env.HALE_BENCH_DIR ?? path.join(tmpdir(), 'hale-bench');
  mkdirSync(benchDir, { recursive: true });
  const dataDir = reuse
    ? path.join(benchDir, `${population.name}-${engine}-${patients}`)
    : mkdtempSync(path.join(benchDir, `${population.name}-${engine}-`));
  mkdirSync(dataDir, { recursive: true });
  const schema = reuse ? `hale_bench_${population.name}_${patients}` : `bench_${population.name}_${Date.now().toString(36)}`;
  const env: Record<string, string> = {
    HALE_DATA_DIR: dataDir,
    ...(engine === 'postgres' ? { DATABASE_URL: databaseUrl, HALE_DB_SCHEMA: schema } : {}),
  };
  const data = store(engine, databaseUrl, schema, dataDir);
  const cleanup = async () => {
    if (reuse) return;
    rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'postgres') await dropSchemas(databaseUrl, [schema]);
  };
  try {
    let have = await data.count();
    let load: Dataset['load'];
    if (have.patients < patients) {
      const missing = patients - have.patients;
      log(`${engine}: loading ${missing} patients (${have.patients} already in ${engine === 'postgres' ? `schema ${schema}` : dataDir})`);
      const started = Date.now();
      await generate(env, missing, have.patients, engine === 'postgres' ? 4 : 1, population.size);
      const seconds = (Date.now() - started) / 1000;
      await data.analyze(true);
      const before = have.resources;
      have = await data.count();
      load = { patients: missing, seconds, perS: (have.resources - before) / seconds };
    } else {
      log(`${engine}: reusing ${have.patients} patients, ${have.resources} resources`);
      await data.analyze(false);
    }
    return { env, patients: have.patients, resources: have.resources, load, cleanup };
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}
