/**
 * `npm run bench -- scheduling`: a department of 50 practitioners (one room each, Mon-Fri
 * 08:00-16:00 in Europe/Berlin, 20-minute slots, a lunch break) on a fresh database.
 * (1) Free-slot search over 4 weeks for the whole department (by specialty), for one
 * practitioner, and the earliest free slot: sequential requests, p50/p95. (2) Booking
 * throughput spread over the department (distinct free slots, 16 at a time) and with
 * contention (20 requests at once for each slot of one practitioner: exactly one may win).
 * The baseline is the same server's session round trip (GET /api/v1/auth/me) in the same run.
 */
import path from 'node:path';
import type { BenchOptions, Engine } from '../run.ts';
import type { Row, Table } from '../core/report.ts';
import { runPerEngine } from '../core/run-engines.ts';
import { percentile } from '../search/measure.ts';
import { haleServerScript, startServer } from '../core/spawn-server.ts';
import { BENCH_ADMIN_ENV, benchSignIn } from '../core/bench-auth.ts';
import { checkPostgres, dropSchemas } from '../core/postgres.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const log = (msg: string) => console.error(`[bench scheduling ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const PRACTITIONERS = 50;
const PATIENTS = 2000;
const SPECIALTY = '394579002';
const TARGET_P95_MS = 100;

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const ms = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toString());

/** The Monday four weeks from now, as a local day: the window is all in the future. */
function nextMonday(): Date {
  const d = new Date(Date.now() + 28 * 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
  return d;
}
const day = (d: Date) => d.toISOString().slice(0, 10);

export async function run(opts: BenchOptions): Promise<void> {
  await runPerEngine(opts, 'scheduling', log, (engine, title) => benchEngine(engine, opts, title));
}

async function benchEngine(engine: Engine, opts: BenchOptions, title: string): Promise<Table> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hale-bench-scheduling-'));
  const schema = `bench_sched_${Date.now().toString(36)}`;
  if (engine === 'postgres') await checkPostgres(opts.databaseUrl);
  const env: Record<string, string> = {
    ...BENCH_ADMIN_ENV,
    HALE_DATA_DIR: dataDir,
    HALE_DEMO: '0',
    LOG_LEVEL: 'warn',
    HALE_NO_SHOW_INTERVAL_S: '0',
    ...(engine === 'postgres' ? { DATABASE_URL: opts.databaseUrl, HALE_DB_SCHEMA: schema, HALE_DB_POOL_MAX: '20' } : {}),
  };
  const server = await startServer('hale', await haleServerScript(), env);
  try {
    const token = await benchSignIn(server.url);
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${server.url}${p}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    log(`${engine}: ${PRACTITIONERS} practitioners with rooms and availability, ${PATIENTS} patients`);
    const entries = [
      ...Array.from({ length: PRACTITIONERS }, (_, i) => [
        { resourceType: 'Practitioner', id: `dr-${i}`, active: true, name: [{ family: `Doctor${i}`, given: ['Bench'], prefix: ['Dr'] }] },
        { resourceType: 'Location', id: `room-${i}`, status: 'active', name: `Room ${i}` },
      ]).flat(),
      ...Array.from({ length: PATIENTS }, (_, i) => ({
        resourceType: 'Patient',
        id: `pat-${i}`,
        name: [{ family: `Patient${i}` }],
        birthDate: '1980-01-01',
      })),
    ].map((resource) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } }));
    const loaded = await call('POST', '/fhir/R4', { resourceType: 'Bundle', type: 'transaction', entry: entries });
    if (loaded.status !== 200)
      throw new Error(`loading the department failed: ${loaded.status} ${JSON.stringify(loaded.body).slice(0, 300)}`);
    for (let i = 0; i < PRACTITIONERS; i++) {
      const r = await call('PUT', `/api/v1/scheduling/availability/dr-${i}`, {
        locations: [
          {
            locationId: `room-${i}`,
            timeZone: 'Europe/Berlin',
            slotMinutes: 20,
            rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '08:00', durationMinutes: 480 }],
            breaks: [{ start: '12:00', end: '12:40' }],
            specialties: [SPECIALTY],
          },
        ],
      });
      if (r.status !== 200) throw new Error(`availability for dr-${i}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    const from = nextMonday();
    const to = new Date(from.getTime() + 27 * 86_400_000);
    const window = `from=${day(from)}&to=${day(to)}`;

    // Booking spread over the department: distinct free slots, 16 at a time.
    const all = await call('GET', `/api/v1/scheduling/slots?specialty=${SPECIALTY}&${window}&limit=1000`);
    const slots = (all.body.slots as { start: string; practitioner: { id: string } }[])
      .filter((_, i) => i % 2 === 0)
      .slice(0, opts.quick ? 64 : 480);
    let patient = 0;
    const book = (s: { start: string; practitioner: { id: string } }) =>
      call('POST', '/api/v1/appointments', {
        patientId: `pat-${patient++ % PATIENTS}`,
        practitionerId: s.practitioner.id,
        start: s.start,
        type: 'consultation',
        reason: 'bench',
      });
    const spreadStarted = performance.now();
    let spreadOk = 0;
    for (let i = 0; i < slots.length; i += 16) {
      const done = await Promise.all(slots.slice(i, i + 16).map(book));
      spreadOk += done.filter((d) => d.status === 201).length;
    }
    const spreadPerS = (spreadOk / (performance.now() - spreadStarted)) * 1000;
    log(`${engine}: ${spreadOk}/${slots.length} spread bookings, ${spreadPerS.toFixed(1)}/s`);

    // Contention: 20 requests at once for each of 20 slots of one practitioner.
    const one = await call('GET', `/api/v1/scheduling/slots?practitioner=dr-${PRACTITIONERS - 1}&${window}&limit=20`);
    const contested = one.body.slots as { start: string; practitioner: { id: string } }[];
    const contentionStarted = performance.now();
    let won = 0;
    let refused = 0;
    for (const s of contested) {
      const done = await Promise.all(Array.from({ length: 20 }, () => book(s)));
      won += done.filter((d) => d.status === 201).length;
      refused += done.filter((d) => d.status === 409).length;
    }
    const contentionPerS = ((contested.length * 20) / (performance.now() - contentionStarted)) * 1000;
    log(`${engine}: contention ${won} won, ${refused} refused of ${contested.length * 20}`);

    // Slot search, sequential, after one warm-up each.
    const queries: [string, string][] = [
      ['department of 50, 4 weeks (first 1,000 free slots)', `/api/v1/scheduling/slots?specialty=${SPECIALTY}&${window}`],
      ['one practitioner, 4 weeks', `/api/v1/scheduling/slots?practitioner=dr-7&${window}`],
      ['earliest free slot in the department', `/api/v1/scheduling/slots?specialty=${SPECIALTY}&from=${day(from)}&earliest=true`],
    ];
    const runs = opts.quick ? 5 : 40;
    const timed = async (p: string) => {
      const t = performance.now();
      const r = await call('GET', p);
      if (r.status !== 200) throw new Error(`${p}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      return performance.now() - t;
    };
    const baseline: number[] = [];
    const rows: Row[] = [];
    const measured: { label: string; times: number[]; count: number }[] = [];
    for (const [label, p] of queries) {
      await timed(p);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        times.push(await timed(p));
        baseline.push(await timed('/api/v1/auth/me'));
      }
      measured.push({ label, times, count: ((await call('GET', p)).body.slots as unknown[]).length });
    }
    const [b50, b95] = [percentile(sorted(baseline), 50), percentile(sorted(baseline), 95)];
    for (const m of measured) {
      const [p50, p95] = [percentile(sorted(m.times), 50), percentile(sorted(m.times), 95)];
      rows.push({
        metric: `slot search: ${m.label}, p50 / p95 (${m.count} slots)`,
        hale: `${ms(p50)} / ${ms(p95)} ms`,
        baseline: `${ms(b50)} / ${ms(b95)} ms`,
        ratio: `×${(p95 / b95).toFixed(1)} (p95)`,
        target: m === measured[0] ? `p95 < ${TARGET_P95_MS} ms` : '–',
        met: m === measured[0] ? (p95 < TARGET_P95_MS ? 'yes' : '**NO**') : '–',
      });
    }
    rows.push(
      {
        metric: 'bookings spread over 50 practitioners, 16 at a time',
        hale: `${spreadPerS.toFixed(1)}/s`,
        baseline: '–',
        ratio: '–',
        target: '–',
        met: '–',
      },
      {
        metric: 'contention: 20 at once per slot, 20 slots of one practitioner',
        hale: `${contentionPerS.toFixed(1)} requests/s`,
        baseline: '–',
        ratio: '–',
        target: 'one winner per slot',
        met: won === contested.length && refused === contested.length * 19 ? 'yes' : '**NO**',
      },
    );
    return {
      title,
      rows,
      notes: [
        `${PRACTITIONERS} practitioners, one room each, Mon-Fri 08:00-16:00 Europe/Berlin, 20-minute slots, 12:00-12:40 break: ${24 * 20 * PRACTITIONERS} slots in the 4 weeks from ${day(from)}`,
        `${spreadOk} appointments booked before the searches (and ${won} contested); searches run one at a time, ${runs} each after a warm-up`,
        `contention: ${won} won, ${refused} refused with 409 of ${contested.length * 20}`,
        'baseline: GET /api/v1/auth/me on the same server (session check and JSON), between the searches',
      ],
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'postgres') await dropSchemas(opts.databaseUrl, [schema]);
  }
}
