/**
 * `npm run bench -- memory`: the server's resident memory through a large import over HTTP,
 * with Hale's heap growth setting (HALE_HEAP_GROWTH_PERCENT, default 20) against V8's own
 * choice (0) as the baseline, in the same run. Each side gets a fresh server that imports
 * the Synthea set through `hale import --server` right after start, the way a new
 * deployment is loaded; RSS is sampled every 250 ms. Rounds alternate the two sides.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchOptions, Engine } from '../run.ts';
import { haleImport, importSet } from '../core/import.ts';
import { fmt, type Row, type Table } from '../core/report.ts';
import { runPerEngine } from '../core/run-engines.ts';
import { REPO_ROOT, haleServerScript, startServer } from '../core/spawn-server.ts';
import { BENCH_ADMIN_ENV } from '../core/bench-auth.ts';
import { checkPostgres, dropSchemas } from '../core/postgres.ts';

const HALE_DEFAULT = '20';
const V8_DEFAULT = '0';

const log = (msg: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

interface Sample {
  rssAfterMb: number;
  peakMb: number;
  quietMb: number;
  perS: number;
}

export async function run(opts: BenchOptions): Promise<void> {
  const synthea = path.resolve(process.env.HALE_SHARED_DATA ?? path.join(REPO_ROOT, '../shared/data'), 'synthea/bundles');
  const set = importSet(synthea, opts.importFiles);
  const rounds = opts.quick ? 1 : 2;
  try {
    await runPerEngine(opts, 'memory', log, async (engine, title) => {
      if (engine === 'postgres') await checkPostgres(opts.databaseUrl);
      const samples: Record<string, Sample[]> = { [HALE_DEFAULT]: [], [V8_DEFAULT]: [] };
      for (let r = 0; r < rounds; r++) {
        for (const growth of r % 2 ? [V8_DEFAULT, HALE_DEFAULT] : [HALE_DEFAULT, V8_DEFAULT]) {
          log(`${engine}: round ${r + 1}, HALE_HEAP_GROWTH_PERCENT=${growth}`);
          samples[growth]!.push(await importOnce(engine, opts, set.dir, growth));
        }
      }
      return table(title, samples, set.files.length);
    });
  } finally {
    set.cleanup();
  }
}

async function importOnce(engine: Engine, opts: BenchOptions, dir: string, growth: string): Promise<Sample> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hale-bench-memory-'));
  const schema = `bench_mem_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const hale = await startServer('Hale', await haleServerScript(), {
    HALE_DATA_DIR: dataDir,
    HALE_DEMO: '0',
    LOG_LEVEL: 'warn',
    HALE_HEAP_GROWTH_PERCENT: growth,
    ...BENCH_ADMIN_ENV,
    ...(engine === 'postgres' ? { DATABASE_URL: opts.databaseUrl, HALE_DB_SCHEMA: schema } : {}),
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, hale.memory().rss)), 250);
  try {
    const imported = await haleImport(dir, { HALE_USER: 'admin', HALE_PASSWORD: BENCH_ADMIN_ENV.HALE_ADMIN_PASSWORD! }, hale.url);
    if (imported.failedFiles) throw new Error(`${imported.failedFiles} files failed to import`);
    const after = hale.memory();
    clearInterval(sampler);
    await new Promise((done) => setTimeout(done, 15_000));
    return { rssAfterMb: after.rss, peakMb: Math.max(peak, after.peak), quietMb: hale.memory().rss, perS: imported.perS };
  } finally {
    clearInterval(sampler);
    await hale.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'postgres') await dropSchemas(opts.databaseUrl, [schema]);
  }
}

function table(title: string, samples: Record<string, Sample[]>, files: number): Table {
  const hale = samples[HALE_DEFAULT]!;
  const base = samples[V8_DEFAULT]!;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const all = (xs: Sample[], f: (s: Sample) => number) => xs.map((s) => fmt.mb(f(s))).join(', ');
  const row = (metric: string, f: (s: Sample) => number, target = '', met = ''): Row => ({
    metric,
    hale: all(hale, f),
    baseline: all(base, f),
    ratio: fmt.times(median(hale.map(f)) / median(base.map(f))),
    target,
    met,
  });
  const afterMedian = median(hale.map((s) => s.rssAfterMb));
  return {
    title,
    rows: [
      row('server RSS when the import ended, MB', (s) => s.rssAfterMb, '< 250 MB', afterMedian < 250 ? 'yes' : '**NO**'),
      row('server peak RSS during the import, MB', (s) => s.peakMb),
      row('server RSS 15 s after the import, MB', (s) => s.quietMb),
      {
        metric: 'import via server resources/s',
        hale: hale.map((s) => fmt.rate(s.perS)).join(', '),
        baseline: base.map((s) => fmt.rate(s.perS)).join(', '),
        ratio: fmt.pct(median(hale.map((s) => s.perS)) / median(base.map((s) => s.perS))),
        target: '',
        met: '',
      },
    ],
    notes: [
      `Hale = HALE_HEAP_GROWTH_PERCENT=${HALE_DEFAULT} (the default), baseline = ${V8_DEFAULT} (V8 chooses); a fresh server per import, ${files} Synthea files through hale import --server; one figure per round, ratios of the medians`,
    ],
  };
}
