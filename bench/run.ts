/**
 * `npm run bench -- <name> [flags]`: one entry point for the benchmarks. Each benchmark's
 * code is imported only when it is asked for, so a new one (search, access, scheduling)
 * is one line in SUITES and cannot slow or break the others.
 *
 *   --engine pglite|postgres|both   default both; postgres uses DATABASE_URL
 *                                   (default postgres://postgres@127.0.0.1:5432/test)
 *   --duration <s>                  seconds per measurement (default 10)
 *   --quick                         short durations and a small import, for a smoke run
 *   --rounds <n>                    core: alternating baseline/Hale rounds per load, medians reported (default 3; --quick 1)
 *   --import-files <n>              import only the n smallest patient bundles (+ the 0-* files)
 *   --write-results                 append the result tables to bench/RESULTS.md
 *   --patients <n>                  search, web: population size (default 100000 PostgreSQL, 10000 PGlite)
 *   --reuse                         search, web: keep the loaded database under a fixed name and reuse it
 *   --only <text>                   search: only the queries whose name contains the text (an A/B of one row)
 */
import { parseArgs } from 'node:util';

export type Engine = 'pglite' | 'postgres';

export interface BenchOptions {
  engines: Engine[];
  durationS: number;
  warmupS: number;
  quick: boolean;
  /** undefined: every file of the Synthea set */
  importFiles?: number;
  seedCount: number;
  databaseUrl: string;
  writeResults: boolean;
  /** The command as typed, for RESULTS.md. */
  command: string;
  /** search: patients to load; undefined for the benchmark's per-engine default. */
  patients?: number;
  /** search: keep the loaded database (named by engine and size) for the next run. */
  reuse: boolean;
  /** search: only the queries whose name contains this text. */
  only?: string;
  /** core: alternating baseline/Hale rounds of each load; the table gives medians. */
  rounds: number;
}

const SUITES: Record<string, () => Promise<{ run(opts: BenchOptions): Promise<void> }>> = {
  core: () => import('./core/index.ts'),
  access: () => import('./access/index.ts'),
  search: () => import('./search/index.ts'),
  web: () => import('./web/index.ts'),
  scheduling: () => import('./scheduling/index.ts'),
  memory: () => import('./memory/index.ts'),
};

function positiveNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag} needs a positive number, got ${JSON.stringify(raw)}`);
  return n;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      engine: { type: 'string', default: 'both' },
      duration: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'import-files': { type: 'string' },
      'write-results': { type: 'boolean', default: false },
      patients: { type: 'string' },
      reuse: { type: 'boolean', default: false },
      only: { type: 'string' },
      rounds: { type: 'string' },
    },
  });
  const name = positionals[0];
  const suite = name ? SUITES[name] : undefined;
  if (!suite)
    throw new Error(
      `usage: npm run bench -- <${Object.keys(SUITES).join('|')}> [--engine pglite|postgres|both] [--duration s] [--quick] [--import-files n] [--write-results] [--patients n] [--reuse] [--only text] [--rounds n]`,
    );
  const engine = values.engine!;
  if (!['pglite', 'postgres', 'both'].includes(engine)) throw new Error(`--engine must be pglite, postgres or both, got ${engine}`);

  const quick = values.quick!;
  const durationS = positiveNumber('duration', values.duration) ?? (quick ? 3 : 10);
  const importFiles = positiveNumber('import-files', values['import-files']);
  const opts: BenchOptions = {
    engines: engine === 'both' ? ['pglite', 'postgres'] : [engine as Engine],
    durationS,
    // JIT and connection pools warm up before anything is measured.
    warmupS: Math.min(3, Math.max(1, Math.round(durationS / 3))),
    quick,
    importFiles: importFiles ?? (quick ? 3 : undefined),
    seedCount: quick ? 200 : 1000,
    databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    writeResults: values['write-results']!,
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`,
    patients: positiveNumber('patients', values.patients),
    reuse: values.reuse!,
    ...(values.only ? { only: values.only } : {}),
    rounds: Math.round(positiveNumber('rounds', values.rounds) ?? (quick ? 1 : 3)),
  };
  const { run } = await suite();
  await run(opts);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
