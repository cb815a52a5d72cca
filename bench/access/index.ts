/**
 * `npm run bench -- access`: what the access policy and the audit trail cost on the core
 * benchmark's reads and searches. One server process (store-server.ts) serves the same
 * Observations over HTTP as the system (no policy, no audit: the superuser baseline), as a
 * doctor whose every read is checked against care relationships in SQL and written to the
 * audit trail before it answers, and as that doctor without the audit (the policy's share).
 * autocannon drives each from this process at c=1 and c=16, the three sides alternating in
 * rounds (median kept), so a burst of other work on the shared machine does not land on one
 * side only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropSchemas } from '../core/postgres.ts';
import autocannon from 'autocannon';
import type { BenchOptions, Engine } from '../run.ts';
import { appendResults, fmt, median, renderTable, type Row, type Table } from '../core/report.ts';
import { REPO_ROOT, startServer } from '../core/spawn-server.ts';

const TARGET_COST = 0.25;
const ROUNDS = 5;
const SIDES = ['system', 'doctor', 'policy'] as const;
type Side = (typeof SIDES)[number];

interface Load {
  reqPerS: number;
  p50Ms: number;
  p99Ms: number;
}

/** GETs of `pathFor(random value)` for a fixed time; any non-2xx answer voids the figure. */
async function load(url: string, pathFor: (v: string) => string, values: string[], connections: number, seconds: number): Promise<Load> {
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pathFor(values[Math.floor(Math.random() * values.length)]!) }) }],
  });
  const failures = r.non2xx + r.errors + r.timeouts;
  if (failures > 0) throw new Error(`${url}${pathFor('<v>')}: ${failures} failed requests (${JSON.stringify(r.statusCodeStats)})`);
  return { reqPerS: r.requests.total / r.duration, p50Ms: r.latency.p50, p99Ms: r.latency.p99 };
}

async function runEngine(engine: Engine, opts: BenchOptions, log: (m: string) => void): Promise<Table> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hale-bench-access-'));
  const schema = `bench_access_${Date.now().toString(36)}`;
  const patients = opts.quick ? 100 : 500;
  log(`${engine}: starting the store server and seeding ${patients} patients, each with a care team and 5 observations`);
  const server = await startServer(
    'access store server',
    'bench/access/store-server.ts',
    {
      HALE_DATA_DIR: dataDir,
      HALE_DEMO: '0',
      LOG_LEVEL: 'warn',
      HALE_ADMIN_PASSWORD: 'benchmark operator passphrase 2026',
      HALE_MFA_REQUIRED_ROLES: '',
      BENCH_PATIENTS: String(patients),
      ...(engine === 'postgres' ? { DATABASE_URL: opts.databaseUrl, HALE_DB_SCHEMA: schema, HALE_DB_POOL_MAX: '16' } : {}),
    },
    600_000,
  );
  try {
    const { obsIds, patientIds } = (await (await fetch(`${server.url}/ids`)).json()) as { obsIds: string[]; patientIds: string[] };
    const scenarios = [
      { name: 'read Observation by id', values: obsIds, path: (who: Side) => (id: string) => `/${who}/read/${id}` },
      { name: 'search Observation?subject=', values: patientIds, path: (who: Side) => (id: string) => `/${who}/search/${id}` },
    ];
    const rows: Row[] = [];
    for (const sc of scenarios) {
      for (const c of [1, 16]) {
        for (const who of SIDES) await load(server.url, sc.path(who), sc.values, c, opts.warmupS);
        const runs: Record<Side, Load[]> = { system: [], doctor: [], policy: [] };
        for (let round = 0; round < ROUNDS; round++) {
          for (const who of SIDES) runs[who].push(await load(server.url, sc.path(who), sc.values, c, Math.max(1, opts.durationS / ROUNDS)));
        }
        const med = (who: Side, k: keyof Load) => median(runs[who].map((r) => r[k]));
        const base = med('system', 'reqPerS');
        const guarded = med('doctor', 'reqPerS');
        const policy = med('policy', 'reqPerS');
        const cost = 1 - guarded / base;
        log(
          `${engine}: ${sc.name} c=${c}: system ${base.toFixed(0)}/s, doctor ${guarded.toFixed(0)}/s, doctor without audit ${policy.toFixed(0)}/s`,
        );
        rows.push(
          {
            metric: `${sc.name} c=${c} req/s`,
            hale: fmt.rate(guarded),
            baseline: fmt.rate(base),
            ratio: fmt.pct(guarded / base),
            target: `cost < ${fmt.pct(TARGET_COST)}`,
            met: engine === 'postgres' ? fmt.met(cost < TARGET_COST) : `${fmt.met(cost < TARGET_COST)} (ref)`,
          },
          {
            metric: '  p50 / p99 ms',
            hale: `${fmt.ms(med('doctor', 'p50Ms'))} / ${fmt.ms(med('doctor', 'p99Ms'))}`,
            baseline: `${fmt.ms(med('system', 'p50Ms'))} / ${fmt.ms(med('system', 'p99Ms'))}`,
            ratio: '',
            target: '',
            met: '',
          },
          {
            metric: '  policy alone (no audit) req/s',
            hale: fmt.rate(policy),
            baseline: fmt.rate(base),
            ratio: fmt.pct(policy / base),
            target: '',
            met: '',
          },
        );
      }
    }
    const audited = ((await (await fetch(`${server.url}/audited`)).json()) as { n: number }).n;
    return {
      title: `access: ${engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'}`,
      rows,
      notes: [
        `Hale = a doctor (role table, care-relationship scope in SQL, an audit record per read written before the answer); baseline = the system context (no policy, no audit); same store, same server process, same HTTP stack (bench/access/store-server.ts), same run; ratio = Hale / baseline, cost = 1 - ratio`,
        `${patients} patients x 5 Observations, each patient on the doctor's care team; ANALYZE after seeding; ${opts.durationS} s per side per figure in ${ROUNDS} alternating rounds (median kept) after ${opts.warmupS} s warm-up; random id per request`,
        `audit records written for the doctor during the run: ${audited.toLocaleString('en-US')}`,
      ],
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'postgres') await dropSchemas(opts.databaseUrl, [schema]);
  }
}

export async function run(opts: BenchOptions): Promise<void> {
  const log = (m: string) => console.error(`[bench access] ${m}`);
  const tables: Table[] = [];
  for (const engine of opts.engines) tables.push(await runEngine(engine, opts, log));
  for (const t of tables) console.log(renderTable(t) + '\n');
  if (opts.writeResults) appendResults(path.join(REPO_ROOT, 'bench/RESULTS.md'), opts.command, tables);
}
