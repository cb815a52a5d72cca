/**
 * `npm run bench -- web`: the web app's two figures. (1) What the sign-in page downloads
 * (gzipped JavaScript, budget 300 KB). (2) The patient search screen in Chromium on a
 * registry of 100,000 patients (PostgreSQL; 10,000 embedded): last key to results
 * painted, p50/p95 over sampled names, birth dates and MRNs, beside a round trip from the
 * same page to the same server (the baseline) in the same run.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { BenchOptions, Engine } from '../run.ts';
import { renderTable, type Table } from '../core/report.ts';
import { runPerEngine } from '../core/run-engines.ts';
import { percentile } from '../search/measure.ts';
import { REPO_ROOT, haleServerScript, startServer } from '../core/spawn-server.ts';
import { BENCH_ADMIN_ENV } from '../core/bench-auth.ts';
import { checkPostgres } from '../core/postgres.ts';
import { prepareDataset } from '../search/dataset.ts';
import { drawSamples } from '../search/samples.ts';
import { measureBundle } from './bundle-size.ts';
import { measureSearchScreen } from './search-latency.ts';

const log = (msg: string) => console.error(`[bench web ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const SCREEN_TARGET_MS = 150;
const BUNDLE_BUDGET = 300 * 1024;

/** Sorted, without the requests that left no timing entry. */
const sorted = (values: number[]) => values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => (Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(1) : Math.round(n).toString());

export async function run(opts: BenchOptions): Promise<void> {
  log('building the web app');
  const build = spawnSync('npm', ['run', 'build:web'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build:web failed');
  const bundle = measureBundle(path.join(REPO_ROOT, 'web/dist'));
  const tables: Table[] = [
    {
      title: 'web: what the sign-in page downloads (gzip level 6)',
      rows: [
        {
          metric: 'initial JavaScript',
          hale: kb(bundle.initialJsGzip),
          baseline: '–',
          ratio: `${Math.round((bundle.initialJsGzip / BUNDLE_BUDGET) * 100)}% of budget`,
          target: '< 300 KB',
          met: bundle.initialJsGzip < BUNDLE_BUDGET ? 'yes' : '**NO**',
        },
        { metric: 'initial CSS', hale: kb(bundle.initialCssGzip), baseline: '–', ratio: '–', target: '–', met: '–' },
      ],
      notes: [
        `initial files: ${bundle.initialFiles.join(', ')}`,
        `every module after sign-in loads on demand; largest such chunk ${bundle.largestLazy.file} ${kb(bundle.largestLazy.gzip)}; all JavaScript ${kb(bundle.totalJsGzip)}`,
      ],
    },
  ];
  console.log('\n' + renderTable(tables[0]!) + '\n');
  await runPerEngine(opts, 'web: patient search screen', log, (engine, title) => searchScreen(engine, opts, title), tables);
}

async function searchScreen(engine: Engine, opts: BenchOptions, title: string): Promise<Table> {
  if (engine === 'postgres') await checkPostgres(opts.databaseUrl);
  const patients = opts.patients ? Math.floor(opts.patients) : opts.quick ? 300 : engine === 'postgres' ? 100_000 : 10_000;
  // A registry: Patients alone (the lookup reads nothing else), so 100,000 load in minutes.
  const data = await prepareDataset(engine, opts.databaseUrl, patients, opts.reuse, log, { name: 'web', size: 'demographics' });
  try {
    const server = await startServer('hale', await haleServerScript(), {
      ...data.env,
      ...BENCH_ADMIN_ENV,
      HALE_DEMO: '0',
      LOG_LEVEL: 'warn',
      HALE_DB_POOL_MAX: '10',
    });
    try {
      const samples = drawSamples(patients, opts.quick ? 4 : 12).patients;
      const queries = samples.flatMap((p) => {
        const [y, m, d] = p.birthDate.split('-');
        const mrn = p.identifiers.find((i) => /mrn/i.test(i.system))?.value;
        return [`${p.family.slice(0, Math.max(4, p.family.length - 2))}`, `${p.family} ${d}/${m}/${y}`, ...(mrn ? [mrn] : [])];
      });
      log(`${engine}: ${queries.length} queries typed in Chromium against ${data.patients} patients`);
      const r = await measureSearchScreen(server.url, 'admin', BENCH_ADMIN_ENV.HALE_ADMIN_PASSWORD!, queries);
      const [s50, s95] = [percentile(sorted(r.screenMs), 50), percentile(sorted(r.screenMs), 95)];
      const [q50, q95] = [percentile(sorted(r.requestMs), 50), percentile(sorted(r.requestMs), 95)];
      const [b50, b95] = [percentile(sorted(r.baselineMs), 50), percentile(sorted(r.baselineMs), 95)];
      return {
        title,
        rows: [
          {
            metric: 'last key to results painted, p50 / p95',
            hale: `${ms(s50)} / ${ms(s95)} ms`,
            baseline: `${ms(b50)} / ${ms(b95)} ms`,
            ratio: `×${(s95 / b95).toFixed(1)} (p95)`,
            target: `p95 < ${SCREEN_TARGET_MS} ms`,
            met: s95 < SCREEN_TARGET_MS ? 'yes' : '**NO**',
          },
          {
            metric: 'of which the lookup request, p50 / p95',
            hale: `${ms(q50)} / ${ms(q95)} ms`,
            baseline: `${ms(b50)} / ${ms(b95)} ms`,
            ratio: `×${(q95 / b95).toFixed(1)} (p95)`,
            target: '–',
            met: '–',
          },
        ],
        notes: [
          `${data.patients.toLocaleString('en-US')} patients (Patient resources only, \`hale generate --size demographics\`)${data.load ? `, loaded in this run at ${Math.round(data.load.perS)} resources/s` : ', reused'}`,
          `${r.screenMs.length} queries (part of a family name; family name + birth date; MRN), typed at 70 ms a key after one unmeasured pass over the same queries (warm caches); the screen waits 50 ms after the last key before asking`,
          'baseline: GET /api/v1/auth/me from the same page (cookie session check and JSON), between the queries',
        ],
      };
    } finally {
      await server.stop();
    }
  } finally {
    await data.cleanup();
  }
}
