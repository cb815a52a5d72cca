/**
 * `npm run bench -- core`: the platform core against a bare baseline on the same engine,
 * per engine: reads by id, creates, Synthea import, and the server's memory after an import.
 * Everything a run creates (processes, temp folders, PostgreSQL schemas) is removed at the
 * end, also when a step fails.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchOptions, Engine } from '../run.ts';
import type { BaselineTarget } from './baseline-server.ts';
import { baselineImport, haleImport, importSet, type ImportSet } from './import.ts';
import { baselineTarget, createLoad, haleTarget, readLoad, seed, type LoadResult } from './load.ts';
import { appendResults, fmt, median, renderTable, type Row, type Table } from './report.ts';
import { REPO_ROOT, haleServerScript, startServer } from './spawn-server.ts';
import { BENCH_ADMIN_ENV, benchSignIn } from './bench-auth.ts';
import { checkPostgres, dropSchemas, settlePostgres } from './postgres.ts';
import { cpuPerRequest, cpuSnapshot, cpuTimeAvailable } from './cpu-time.ts';

const TARGETS = { read: 0.6, create: 0.4, importPerS: 3000, rssMb: 250 };
/** Seconds the server is left quiet after the import before its memory is read again. */
const QUIET_AFTER_IMPORT_S = 15;
const POOL_MAX = '20'; // Hale's default HALE_DB_POOL_MAX; the baseline pool gets the same

const log = (msg: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

export async function run(opts: BenchOptions): Promise<void> {
  const synthea = path.resolve(process.env.HALE_SHARED_DATA ?? path.join(REPO_ROOT, '../shared/data'), 'synthea/bundles');
  const set = importSet(synthea, opts.importFiles);
  const tables: Table[] = [];
  try {
    for (const engine of opts.engines) {
      const title = `core: ${engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'}`;
      try {
        tables.push(await benchEngine(engine, opts, set, title));
      } catch (err) {
        // One engine failing (e.g. no PostgreSQL server) still reports the other.
        log(`${engine} FAILED: ${(err as Error).stack ?? err}`);
        tables.push({ title, rows: [], notes: [`FAILED: ${headline(err)}`] });
        process.exitCode = 1;
      }
      console.log('\n' + renderTable(tables.at(-1)!) + '\n');
    }
  } finally {
    set.cleanup();
  }
  if (opts.writeResults) {
    appendResults(path.join(REPO_ROOT, 'bench/RESULTS.md'), opts.command, tables);
    log('appended to bench/RESULTS.md');
  }
}

async function benchEngine(engine: Engine, opts: BenchOptions, set: ImportSet, title: string): Promise<Table> {
  const cleanups: (() => unknown)[] = [];
  const tag = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const tempDir = (label: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), `hale-bench-${label}-`));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  const schemas: string[] = [];
  const schema = (label: string) => {
    schemas.push(`${tag}_${label}`);
    return `${tag}_${label}`;
  };
  const pgUrl = opts.databaseUrl;

  try {
    if (engine === 'postgres') {
      await checkPostgres(pgUrl);
      cleanups.push(() => dropSchemas(pgUrl, schemas));
    }
    const onPostgres = (vars: Record<string, string>) => (engine === 'postgres' ? { DATABASE_URL: pgUrl, ...vars } : {});

    log(`${engine}: starting Hale and the baseline server`);
    const hale = await startServer('Hale', await haleServerScript(), {
      HALE_DATA_DIR: tempDir('hale'),
      HALE_DEMO: '0',
      LOG_LEVEL: 'warn',
      ...BENCH_ADMIN_ENV,
      ...onPostgres({ HALE_DB_SCHEMA: schema('hale'), HALE_DB_POOL_MAX: POOL_MAX }),
    });
    cleanups.push(() => hale.stop());
    const base = await startServer(
      'baseline',
      'bench/core/baseline-server.ts',
      engine === 'postgres'
        ? { BASE_ENGINE: 'postgres', DATABASE_URL: pgUrl, BASE_SCHEMA: schema('base'), BASE_POOL_MAX: POOL_MAX }
        : { BASE_ENGINE: 'pglite', BASE_PGLITE_DIR: tempDir('base') },
    );
    cleanups.push(() => base.stop());
    // Hale is driven as its administrator: role table and audit on, no row scope (bench/access measures scopes).
    const H = haleTarget(hale.url, await benchSignIn(hale.url));
    const B = baselineTarget(base.url);

    log(`${engine}: seeding ${opts.seedCount} Patients in each`);
    const baseIds = await seed(B, opts.seedCount);
    const haleIds = await seed(H, opts.seedCount);
    log(`${engine}: warming up (${opts.warmupS} s per server and kind)`);
    for (const [t, ids] of [
      [B, baseIds],
      [H, haleIds],
    ] as const) {
      await readLoad(t, ids, 16, opts.warmupS);
      await createLoad(t, 16, opts.warmupS);
    }

    const rows: Row[] = [];
    const notes: string[] = [];
    const isRef = engine === 'pglite'; // the targets are PostgreSQL's; on PGlite they are for reference
    const met = (ok: boolean) => fmt.met(ok) + (isRef ? ' (ref)' : '');
    // Baseline then Hale, back to back, so both see nearly the same machine; that pair is
    // repeated (--rounds) and the medians reported, since on a shared machine one pair can
    // land on a quiet or a busy moment for either side (single pairs of the same code gave
    // 34% and 40% read ratios minutes apart).
    const pair = async (label: string, load: (t: typeof H, ids: string[]) => Promise<LoadResult>, target: number) => {
      log(`${engine}: ${label}, ${opts.rounds} × ${opts.durationS} s each`);
      const measured = async (server: typeof hale, t: typeof H, ids: string[]) => {
        const before = cpuTimeAvailable() ? cpuSnapshot(server.pid) : undefined;
        const result = await load(t, ids);
        const cpu = before && result.requests ? cpuPerRequest(before, cpuSnapshot(server.pid), result.requests) : undefined;
        return { ...result, cpu };
      };
      const rounds: { b: Measured; h: Measured; ratio: number }[] = [];
      for (let i = 0; i < opts.rounds; i++) {
        const b = await measured(base, B, baseIds);
        const h = await measured(hale, H, haleIds);
        rounds.push({ b, h, ratio: h.reqPerS / b.reqPerS });
      }
      // The round with the median ratio gives the latencies; rates and CPU are medians per side.
      const mid = [...rounds].sort((x, y) => x.ratio - y.ratio)[Math.floor(rounds.length / 2)]!;
      const ratio = median(rounds.map((r) => r.ratio));
      const failed = rounds.reduce((n, r) => n + r.h.failures + r.b.failures, 0);
      const spread =
        rounds.length > 1
          ? ` (${fmt.pct(Math.min(...rounds.map((r) => r.ratio)))}–${fmt.pct(Math.max(...rounds.map((r) => r.ratio)))})`
          : '';
      rows.push({
        metric: `${label} req/s`,
        hale: fmt.rate(median(rounds.map((r) => r.h.reqPerS))),
        baseline: fmt.rate(median(rounds.map((r) => r.b.reqPerS))),
        ratio: fmt.pct(ratio) + spread,
        target: `≥ ${fmt.pct(target)}`,
        met: failed ? `**NO: ${failed} failed**` : met(ratio >= target),
      });
      const lat = (r: LoadResult) => `${fmt.ms(r.p50Ms)} / ${fmt.ms(r.p99Ms)}`;
      // Below 1 ms the histogram cannot tell values apart, so no latency ratio there.
      const times = (x: number, y: number) => (y >= 1 ? fmt.times(x / y) : '–');
      rows.push({
        metric: `  p50 / p99 ms`,
        hale: lat(mid.h),
        baseline: lat(mid.b),
        ratio: `${times(mid.h.p50Ms, mid.b.p50Ms)} / ${times(mid.h.p99Ms, mid.b.p99Ms)}`,
        target: '',
        met: '',
      });
      const hCpu = medianCpu(rounds.map((r) => r.h.cpu));
      const bCpu = medianCpu(rounds.map((r) => r.b.cpu));
      if (hCpu && bCpu) {
        // On PGlite the database runs inside the server's process, so its share is in the first figure.
        // PostgreSQL's processes are visible only when it runs on this machine (not in a container or elsewhere).
        const withDb = engine === 'postgres' && bCpu.database > 0;
        const cpu = (c: CpuPerRequest) => (withDb ? `${c.server.toFixed(0)} / ${c.database.toFixed(0)}` : c.server.toFixed(0));
        rows.push({
          metric: withDb ? '  CPU µs per request, server / PostgreSQL' : '  CPU µs per request, server',
          hale: cpu(hCpu),
          baseline: cpu(bCpu),
          ratio: withDb
            ? `${fmt.times(hCpu.server / bCpu.server)} / ${fmt.times(hCpu.database / bCpu.database)}`
            : fmt.times(hCpu.server / bCpu.server),
          target: '',
          met: '',
        });
      }
      for (const r of rounds) {
        if (r.h.failures) notes.push(`${label}: Hale answered ${r.h.statusCodes} (non-2xx or errors: ${r.h.failures})`);
        if (r.b.failures) notes.push(`${label}: baseline answered ${r.b.statusCodes} (non-2xx or errors: ${r.b.failures})`);
      }
    };
    for (const c of [1, 16, 64]) await pair(`read c=${c}`, (t, ids) => readLoad(t, ids, c, opts.durationS), TARGETS.read);
    for (const c of [1, 16]) await pair(`create c=${c}`, (t) => createLoad(t, c, opts.durationS), TARGETS.create);

    // The import in rounds too (Hale's `hale import`, then the baseline, each into a fresh
    // schema or folder), each started on a settled database: right after the create loads
    // PostgreSQL is still vacuuming and checkpointing their rows. One import run straight
    // after them measured 2,658/s; three settled rounds in the next run, 3,004-3,104/s.
    const imports: { h: Awaited<ReturnType<typeof haleImport>>; b: Awaited<ReturnType<typeof baselineImport>> }[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      log(
        `${engine}: import round ${i + 1} of ${opts.rounds}: hale import of ${set.files.length} files, then the baseline's raw multi-row INSERTs`,
      );
      if (engine === 'postgres') await settlePostgres(pgUrl, log);
      const h = await haleImport(set.dir, { HALE_DATA_DIR: tempDir('import'), ...onPostgres({ HALE_DB_SCHEMA: schema(`import${i}`) }) });
      const baseTarget: BaselineTarget =
        engine === 'postgres'
          ? { engine, url: pgUrl, schema: schema(`baseimport${i}`), poolMax: Number(POOL_MAX) }
          : { engine, dir: tempDir('baseimport') };
      if (engine === 'postgres') await settlePostgres(pgUrl, log);
      const b = await baselineImport(set.files, baseTarget);
      imports.push({ h, b });
      if (h.resources !== b.resources) notes.push(`import: Hale counted ${h.resources} resources, the baseline ${b.resources}`);
    }
    const cliRate = median(imports.map((r) => r.h.perS));
    const rawRate = median(imports.map((r) => r.b.perS));
    const importFailures = imports.reduce((n, r) => n + r.h.failedFiles, 0);
    const rateRange =
      imports.length > 1
        ? ` (${fmt.rate(Math.min(...imports.map((r) => r.h.perS)))}–${fmt.rate(Math.max(...imports.map((r) => r.h.perS)))})`
        : '';
    rows.push({
      metric: `import resources/s (${imports[0]!.h.resources.toLocaleString('en-US')} resources)`,
      hale: fmt.rate(cliRate) + rateRange,
      baseline: fmt.rate(rawRate),
      ratio: fmt.pct(median(imports.map((r) => r.h.perS / r.b.perS))),
      target: `≥ ${TARGETS.importPerS.toLocaleString('en-US')}/s`,
      met: importFailures ? `**NO: ${importFailures} files failed**` : met(cliRate >= TARGETS.importPerS),
    });

    log(`${engine}: hale import --server (the server does the work), then its RSS`);
    const viaServer = await haleImport(set.dir, { HALE_USER: 'admin', HALE_PASSWORD: BENCH_ADMIN_ENV.HALE_ADMIN_PASSWORD! }, hale.url);
    const hm = hale.memory();
    const bm = base.memory();
    rows.push({
      metric: 'import via server resources/s',
      hale: fmt.rate(viaServer.perS),
      baseline: fmt.rate(rawRate),
      ratio: fmt.pct(viaServer.perS / rawRate),
      target: '',
      met: viaServer.failedFiles ? `**NO: ${viaServer.failedFiles} files failed**` : '',
    });
    rows.push({
      metric: 'server RSS after import, MB',
      hale: fmt.mb(hm.rss),
      baseline: fmt.mb(bm.rss),
      ratio: fmt.times(hm.rss / bm.rss),
      target: `< ${TARGETS.rssMb} MB`,
      met: met(hm.rss < TARGETS.rssMb),
    });
    // What an operator sees once the import is over: the server left quiet for a while.
    await new Promise((done) => setTimeout(done, QUIET_AFTER_IMPORT_S * 1000));
    const quiet = hale.memory();
    rows.push({
      metric: `server RSS ${QUIET_AFTER_IMPORT_S} s after the import, MB`,
      hale: fmt.mb(quiet.rss),
      baseline: fmt.mb(bm.rss),
      ratio: fmt.times(quiet.rss / bm.rss),
      target: `< ${TARGETS.rssMb} MB`,
      met: met(quiet.rss < TARGETS.rssMb),
    });
    rows.push({
      metric: 'server peak RSS (VmHWM), MB',
      hale: fmt.mb(hm.peak),
      baseline: fmt.mb(bm.peak),
      ratio: fmt.times(hm.peak / bm.peak),
      target: '',
      met: '',
    });
    notes.push(
      `seeded ${opts.seedCount} Patients per server; ${opts.durationS} s per load after ${opts.warmupS} s warm-up, ${opts.rounds} alternating round(s) of baseline then Hale per load: req/s and CPU are per-side medians, the ratio the median of the rounds' ratios (range in brackets), latencies from the median round; import set: ${set.files.length} Synthea files, ${opts.rounds} round(s) of Hale then the baseline, each on a settled database (checkpoint done, no vacuum running), medians (Hale's range in brackets); the import via the server is one run; ` +
        'baseline RSS is after its read/create load (it does no import); ratios are Hale/baseline (latency, CPU: × more); ' +
        'CPU per request: user and system time of the server process (and of all PostgreSQL processes) over the run, divided by the requests answered',
    );
    return { title, rows, notes };
  } finally {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (err) {
        log(`cleanup: ${(err as Error).message}`);
      }
    }
  }
}

type CpuPerRequest = ReturnType<typeof cpuPerRequest>;
type Measured = LoadResult & { cpu: CpuPerRequest | undefined };

/** Server and database CPU per request, each the median over the rounds (none when any round lacks it). */
function medianCpu(cpus: (CpuPerRequest | undefined)[]): CpuPerRequest | undefined {
  if (!cpus.length || cpus.some((c) => !c)) return undefined;
  return { server: median(cpus.map((c) => c!.server)), database: median(cpus.map((c) => c!.database)) };
}

/** The first line of the error, plus the first `...Error...` line of the child output it quotes. */
function headline(err: unknown): string {
  const lines = String((err as Error)?.message ?? err).split('\n');
  const cause = lines.slice(1).find((l) => /Error\b/.test(l));
  return [lines[0], cause?.trim()].filter(Boolean).join(' ');
}
