/**
 * `npm run bench -- search`: FHIR search on a generated population (100,000 patients on
 * PostgreSQL, 10,000 embedded, by default), per query at concurrency 1 and 16, beside the
 * core benchmark's baseline (a bare Fastify read by primary key on the same engine) in the
 * same run. Hale runs as its own process; queries use values of the loaded data, a new one
 * per request. A query whose feature is missing (4xx/5xx) is reported as not available.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchOptions, Engine } from '../run.ts';
import { type Row, type Table } from '../core/report.ts';
import { haleServerScript, startServer, type ServerProcess } from '../core/spawn-server.ts';
import { BENCH_ADMIN_ENV, benchSignIn } from '../core/bench-auth.ts';
import { baselineTarget, seed } from '../core/load.ts';
import { prepareDataset } from './dataset.ts';
import { measure, type Measured } from './measure.ts';
import { drawSamples, type SampledPatient } from './samples.ts';
import { scenarios, type Scenario } from './scenarios.ts';
import { checkPostgres, dropSchemas } from '../core/postgres.ts';
import { runPerEngine } from '../core/run-engines.ts';

const CONCURRENCY = [1, 16] as const;
const POOL_MAX = '20';
const DOCTOR = { username: 'bench-doctor', password: 'benchmark doctor passphrase 2026', first: 'first doctor passphrase 2026!' };
const log = (msg: string) => console.error(`[bench search ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const ms = (n: number) => (Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(1) : Math.round(n).toString());
const latency = (m: Measured) =>
  `${ms(m.p50)} / ${ms(m.p95)} / ${ms(m.p99)} ms, ${m.reqPerS >= 100 ? Math.round(m.reqPerS) : m.reqPerS.toFixed(1)}/s`;

export async function run(opts: BenchOptions): Promise<void> {
  await runPerEngine(opts, 'search', log, (engine, title) => benchEngine(engine, opts, title));
}

function defaultPatients(engine: Engine, opts: BenchOptions): number {
  if (opts.patients) return Math.floor(opts.patients);
  if (opts.quick) return 200;
  return engine === 'postgres' ? 100_000 : 10_000;
}

async function benchEngine(engine: Engine, opts: BenchOptions, title: string): Promise<Table> {
  const cleanups: (() => unknown)[] = [];
  try {
    if (engine === 'postgres') await checkPostgres(opts.databaseUrl);
    const patients = defaultPatients(engine, opts);
    const data = await prepareDataset(engine, opts.databaseUrl, patients, opts.reuse, log);
    cleanups.push(() => data.cleanup());

    log(`${engine}: starting Hale on ${data.patients} patients, and the baseline server`);
    const hale = await startServer(
      'Hale',
      await haleServerScript(),
      {
        ...data.env,
        HALE_DEMO: '0',
        LOG_LEVEL: 'warn',
        ...BENCH_ADMIN_ENV,
        ...(engine === 'postgres' ? { HALE_DB_POOL_MAX: POOL_MAX } : {}),
      },
      600_000,
    );
    cleanups.push(() => hale.stop());
    const baseDir = mkdtempSync(path.join(tmpdir(), 'hale-bench-search-base-'));
    cleanups.push(() => rmSync(baseDir, { recursive: true, force: true }));
    const baseSchema = `bench_search_base_${Date.now().toString(36)}`;
    if (engine === 'postgres') cleanups.push(() => dropSchemas(opts.databaseUrl, [baseSchema]));
    const base = await startServer(
      'baseline',
      'bench/core/baseline-server.ts',
      engine === 'postgres'
        ? { BASE_ENGINE: 'postgres', DATABASE_URL: opts.databaseUrl, BASE_SCHEMA: baseSchema, BASE_POOL_MAX: POOL_MAX }
        : { BASE_ENGINE: 'pglite', BASE_PGLITE_DIR: baseDir },
    );
    cleanups.push(() => base.stop());

    const samples = drawSamples(data.patients, opts.quick ? 60 : 400);
    const admin = await benchSignIn(hale.url);
    const clinician = await setUpClinician(hale, admin, samples.patients);
    const all = scenarios(samples, clinician.patients);
    const list = opts.only ? all.filter((sc) => sc.name.toLowerCase().includes(opts.only!.toLowerCase())) : all;
    if (!list.length) throw new Error(`--only ${opts.only}: no query's name contains it`);

    // The baseline: reads by primary key of seeded rows, same connections and durations.
    const B = baselineTarget(base.url);
    const baseIds = await seed(B, opts.quick ? 200 : 1000);
    const baseline = new Map<number, Measured>();
    for (const c of CONCURRENCY) {
      const path = () => `/read/${baseIds[Math.floor(Math.random() * baseIds.length)]}`;
      await measure(base.url, {}, path, c, opts.warmupS);
      baseline.set(c, await measure(base.url, {}, path, c, opts.durationS));
      log(`${engine}: baseline read c=${c}: ${latency(baseline.get(c)!)}`);
    }

    const rows: Row[] = [];
    const notes: string[] = [];
    const results = new Map<string, Measured>();
    for (const sc of list) {
      const token = sc.as === 'clinician' ? await clinician.signIn() : await benchSignIn(hale.url);
      const headers = { authorization: `Bearer ${token}`, accept: 'application/fhir+json, application/json' };
      const probe = await probeScenario(hale.url, headers, sc);
      if (probe.unavailable) {
        log(`${engine}: ${sc.name}: ${probe.unavailable}`);
        rows.push({ metric: sc.name, hale: probe.unavailable, baseline: '', ratio: '', target: targetText(sc, engine), met: '–' });
        continue;
      }
      if (probe.note) notes.push(`${sc.name}: ${probe.note}`);
      for (const c of CONCURRENCY) {
        log(`${engine}: ${sc.name} c=${c}, ${opts.warmupS} s warm-up + ${opts.durationS} s`);
        await measure(hale.url, headers, sc.path, c, opts.warmupS);
        await drain(hale.url, headers, sc);
        const m = await measure(hale.url, headers, sc.path, c, opts.durationS);
        await drain(hale.url, headers, sc);
        results.set(`${sc.name} c=${c}`, m);
        const b = baseline.get(c)!;
        const target = c === 1 ? sc.targetMs?.[engine] : undefined;
        if (!m.count) {
          rows.push({
            metric: `${sc.name} c=${c}`,
            hale: `no answer within ${opts.durationS} s`,
            baseline: latency(b),
            ratio: '',
            target: c === 1 ? targetText(sc, engine) : '',
            met: target === undefined ? '' : met(false, engine, data.patients),
          });
          continue;
        }
        rows.push({
          metric: `${sc.name} c=${c}`,
          hale: latency(m),
          baseline: latency(b),
          ratio: `p95 ×${(m.p95 / b.p95).toFixed(1)}, ${Math.round((100 * m.reqPerS) / b.reqPerS)}% req/s`,
          target: c === 1 ? targetText(sc, engine) : '',
          met: m.failures ? `**NO: ${m.failures} failed**` : target === undefined ? '' : met(m.p95 < target, engine, data.patients),
        });
        if (m.failures) notes.push(`${sc.name} c=${c}: answered ${m.statusCodes}`);
      }
    }

    const asAdmin = results.get(`${list.find((x) => x.name.startsWith('Observation?patient='))?.name} c=1`);
    const asDoctor = results.get(`${list.find((x) => x.as === 'clinician')?.name} c=1`);
    if (asAdmin && asDoctor)
      notes.push(
        `access-scope cost (the Observation patient+code+date search, doctor vs administrator, c=1): p95 ×${(asDoctor.p95 / asAdmin.p95).toFixed(1)}, ` +
          `req/s ${Math.round((100 * asDoctor.reqPerS) / asAdmin.reqPerS)}%; the doctor is the general practitioner of ${clinician.patients.length} of the ${samples.patients.length} sampled patients`,
      );
    notes.push(
      `${data.patients.toLocaleString('en-US')} generated patients, ${data.resources.toLocaleString('en-US')} resources (hale generate, seed 1, typical); ` +
        (data.load
          ? `this run loaded ${data.load.patients.toLocaleString('en-US')} patients in ${Math.round(data.load.seconds)} s (${Math.round(data.load.perS)} resources/s), then VACUUM ANALYZE`
          : 'reused from an earlier run (--reuse)'),
      `latency p50 / p95 / p99 of 2xx answers and req/s; ${opts.durationS} s per figure after ${opts.warmupS} s warm-up; each request uses other values, drawn from ${samples.patients.length} patients regenerated from the seed; ` +
        `$everything on ${samples.heavy.length ? `${samples.heavy.length} patients of ${Math.min(...samples.heavy.map((p) => p.resources))}-${Math.max(...samples.heavy.map((p) => p.resources))} resources` : 'the largest sampled patients (fewer than 1,000 loaded, so no heavy one)'}`,
      `baseline = bare Fastify read by primary key on the same engine (bench/core/baseline-server.ts), same connections; ratio = Hale/baseline; targets are p95 at c=1 (PostgreSQL at 100,000 patients, embedded at 10,000)`,
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

/**
 * Requests still queued when autocannon stops keep the server busy; the next measurement
 * must not start behind them. The embedded engine answers in order, so one request that
 * comes back means the queue before it is gone.
 */
async function drain(url: string, headers: Record<string, string>, sc: Scenario): Promise<void> {
  await fetch(url + sc.path(), { headers })
    .then((r) => r.arrayBuffer())
    .catch(() => undefined);
}

function targetText(sc: Scenario, engine: Engine): string {
  const t = sc.targetMs?.[engine];
  return t === undefined ? '–' : `p95 < ${t} ms`;
}

function met(ok: boolean, engine: Engine, patients: number): string {
  const stated = engine === 'postgres' ? 100_000 : 10_000;
  return `${ok ? 'yes' : '**NO**'}${patients < stated ? ` (at ${patients.toLocaleString('en-US')})` : ''}`;
}

/**
 * Three requests before the load: a feature that is not there (yet) answers 4xx/5xx and
 * is reported as such instead of as a latency; a search that finds nothing for values taken
 * from the loaded data is flagged, because its speed would mean little.
 */
async function probeScenario(url: string, headers: Record<string, string>, sc: Scenario): Promise<{ unavailable?: string; note?: string }> {
  let empty = 0;
  for (let i = 0; i < 3; i++) {
    const res = await fetch(url + sc.path(), { headers });
    const text = await res.text();
    if (!res.ok) return { unavailable: `not available (status ${res.status})` };
    const body = JSON.parse(text) as { resourceType?: string; entry?: unknown[] };
    if (body.resourceType === 'Bundle' && !(body.entry ?? []).length) empty++;
  }
  return sc.expectsMatches && empty === 3 ? { note: 'three probe requests found no entries' } : {};
}

/**
 * A doctor linked to the general practitioner of the most sampled patients: searches
 * then run through the care-relationship scope (their patients, and those they met in
 * an encounter). The account survives --reuse runs, so sign-in tries the final password first.
 */
async function setUpClinician(
  hale: ServerProcess,
  adminToken: string,
  sampled: SampledPatient[],
): Promise<{ patients: SampledPatient[]; signIn(): Promise<string> }> {
  const signIn = () => benchSignIn(hale.url, DOCTOR.username, DOCTOR.password);
  const byGp = new Map<string, number>();
  for (const p of sampled) if (p.gpNpi) byGp.set(p.gpNpi, (byGp.get(p.gpNpi) ?? 0) + 1);
  const npi = [...byGp.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const patients = sampled.filter((p) => p.gpNpi === npi);
  try {
    await signIn();
    return { patients, signIn };
  } catch {
    // not created yet
  }
  const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const found = (await (
    await fetch(`${hale.url}/fhir/R4/Practitioner?identifier=${encodeURIComponent(`http://hl7.org/fhir/sid/us-npi|${npi}`)}`, {
      headers: auth,
    })
  ).json()) as { entry?: { resource: { id: string } }[] };
  const practitionerId = found.entry?.[0]?.resource.id;
  if (!practitionerId) throw new Error(`bench: no Practitioner with NPI ${npi}`);
  const created = await fetch(`${hale.url}/api/v1/admin/users`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ username: DOCTOR.username, roles: ['doctor'], password: DOCTOR.first, practitionerId }),
  });
  if (created.status !== 201) throw new Error(`bench: creating the doctor answered ${created.status}: ${await created.text()}`);
  // A new account must choose its own password before it gets a full session.
  const first = await fetch(`${hale.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: DOCTOR.username, password: DOCTOR.first }),
  });
  const { accessToken } = (await first.json()) as { accessToken?: string };
  const changed = await fetch(`${hale.url}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ currentPassword: DOCTOR.first, newPassword: DOCTOR.password }),
  });
  if (!changed.ok) throw new Error(`bench: the doctor's password change answered ${changed.status}: ${await changed.text()}`);
  await signIn();
  return { patients, signIn };
}
