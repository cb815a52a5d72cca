/**
 * `npm run bench -- access`: what the access policy and the audit trail cost on reads and
 * searches. The same store, in the same run, is driven two ways: as the system (no policy,
 * no audit: the superuser baseline) and as a doctor whose every read is checked against care
 * relationships in SQL and written to the audit trail before it returns. Work goes straight
 * to the store (no HTTP), so the ratio shows the policy and audit alone, undiluted by the
 * HTTP cost both sides would share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { startHale } from '../../src/server.ts';
import { createUser, findUserByName } from '../../src/access/accounts.ts';
import { systemContext, type ActingContext } from '../../src/fhir/acting-context.ts';
import { FhirRepository } from '../../src/fhir/store/repository.ts';
import type { BenchOptions, Engine } from '../run.ts';
import { appendResults, fmt, renderTable, type Row, type Table } from '../core/report.ts';
import { REPO_ROOT } from '../core/spawn-server.ts';

const TARGET_COST = 0.25;

interface Op {
  (repo: FhirRepository, i: number): Promise<unknown>;
}

async function drive(makeRepo: () => FhirRepository, op: Op, connections: number, seconds: number): Promise<number> {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const worker = async (w: number) => {
    let i = w;
    while (performance.now() < until) {
      await op(makeRepo(), i);
      i += connections;
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
  return done / ((performance.now() - started) / 1000);
}

async function runEngine(engine: Engine, opts: BenchOptions, log: (m: string) => void): Promise<Table> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hale-bench-access-'));
  const schema = `bench_access_${Date.now().toString(36)}`;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    HALE_DATA_DIR: dataDir,
    HALE_DEMO: '0',
    LOG_LEVEL: 'warn',
    HALE_ADMIN_PASSWORD: 'benchmark operator passphrase 2026',
    HALE_MFA_REQUIRED_ROLES: '',
    HALE_RATE_LIMIT_MAX: '10000000',
    ...(engine === 'postgres' ? { DATABASE_URL: opts.databaseUrl, HALE_DB_SCHEMA: schema, HALE_DB_POOL_MAX: '16' } : {}),
  });
  const hale = await startHale(config, { logger: false });
  try {
    const system = new FhirRepository(hale.db, systemContext('bench'));
    const practitioner = (await system.create({ resourceType: 'Practitioner', name: [{ family: 'Bench' }] })).stored.id;
    const patients = opts.quick ? 100 : 500;
    log(`${engine}: seeding ${patients} patients, each with a care team and 5 observations`);
    const obsIds: string[] = [];
    const patientIds: string[] = [];
    for (let n = 0; n < patients; n++) {
      const p = (
        await system.create({ resourceType: 'Patient', name: [{ family: `Access${n}` }], gender: 'female', birthDate: '1970-01-01' })
      ).stored.id;
      patientIds.push(p);
      await system.create({
        resourceType: 'CareTeam',
        status: 'active',
        subject: { reference: `Patient/${p}` },
        participant: [{ member: { reference: `Practitioner/${practitioner}` } }],
      });
      for (let k = 0; k < 5; k++) {
        const o = await system.create({
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
          subject: { reference: `Patient/${p}` },
          effectiveDateTime: `2026-0${1 + k}-15T10:00:00Z`,
          valueQuantity: { value: 60 + k, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
        });
        obsIds.push(o.stored.id);
      }
    }
    // A live database is analyzed by autovacuum; a freshly seeded one is not yet, and its plans would be guesses.
    await hale.db.exec('ANALYZE');
    await createUser(
      hale.db,
      { username: 'bench-doctor', roles: ['doctor'], password: 'benchmark doctor passphrase 2026', practitionerId: practitioner },
      false,
    );
    const doctorRow = (await findUserByName(hale.db, 'bench-doctor'))!;
    const doctor: ActingContext = Object.freeze({
      userId: doctorRow.id,
      roles: ['doctor'],
      practitionerId: practitioner,
      requestId: 'bench',
      system: false,
      ip: '127.0.0.1',
    });

    const superuser = () => new FhirRepository(hale.db, systemContext('bench'));
    const asDoctor = () => new FhirRepository(hale.db, doctor, hale.guard);
    const readById: Op = (repo, i) => repo.read('Observation', obsIds[i % obsIds.length]!);
    const searchByPatient: Op = (repo, i) =>
      repo.search('Observation', new URLSearchParams({ subject: `Patient/${patientIds[i % patientIds.length]}` }), false);

    const rows: Row[] = [];
    for (const [name, op] of [
      ['read by id', readById],
      ['search Observation?subject=', searchByPatient],
    ] as const) {
      for (const c of [1, 16]) {
        await drive(superuser, op, c, opts.warmupS);
        const base = await drive(superuser, op, c, opts.durationS);
        await drive(asDoctor, op, c, opts.warmupS);
        const guarded = await drive(asDoctor, op, c, opts.durationS);
        const cost = 1 - guarded / base;
        log(`${engine}: ${name} c=${c}: superuser ${base.toFixed(0)}/s, doctor ${guarded.toFixed(0)}/s`);
        rows.push({
          metric: `${name} c=${c} ops/s`,
          hale: fmt.rate(guarded),
          baseline: fmt.rate(base),
          ratio: fmt.pct(guarded / base),
          target: `cost < ${fmt.pct(TARGET_COST)}`,
          met: engine === 'postgres' ? fmt.met(cost < TARGET_COST) : `${fmt.met(cost < TARGET_COST)} (ref)`,
        });
      }
    }
    const audited = await hale.db
      .query<{ n: string }>('SELECT count(*)::text AS n FROM audit_event WHERE user_id = $1', [doctorRow.id])
      .catch(() => ({ rows: [{ n: 'n/a' }] }));
    return {
      title: `access: ${engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'}`,
      rows,
      notes: [
        `Hale = a doctor (role table, care-relationship scope in SQL, audit record per read before it returns); baseline = the system context (no policy, no audit), same store, same run; ${patients} patients x 5 Observations, each patient on the doctor's care team; ANALYZE after seeding; ${opts.durationS} s per figure after ${opts.warmupS} s warm-up; in-process, no HTTP`,
        `audit records written for the doctor during the run: ${audited.rows[0]?.n}`,
      ],
    };
  } finally {
    await hale.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'postgres') {
      const c = new pg.Client({ connectionString: opts.databaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  }
}

export async function run(opts: BenchOptions): Promise<void> {
  const log = (m: string) => console.error(`[bench access] ${m}`);
  const tables: Table[] = [];
  for (const engine of opts.engines) tables.push(await runEngine(engine, opts, log));
  for (const t of tables) console.log(renderTable(t) + '\n');
  if (opts.writeResults) appendResults(path.join(REPO_ROOT, 'bench/RESULTS.md'), opts.command, tables);
}
