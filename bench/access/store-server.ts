/**
 * The access benchmark's server (a child process): Hale's store, started as the server
 * starts it (migrations, audit log and sealer, field encryption, care links), seeded with
 * patients on one doctor's care team, behind a small Fastify app whose routes read the same
 * Observations three ways:
 *   /system/...    the system context: no policy, no audit (the superuser baseline)
 *   /doctor/...    a doctor: role table, care-relationship scope in SQL, audit record per read
 *   /policy/...    the same doctor with the audit sink left out: the policy's share alone
 * Each route answers the stored JSON as Hale's FHIR read does. The routes are the benchmark's
 * own: Hale has no HTTP way to act as the system, and must not have one.
 * Configured like Hale (HALE_*, DATABASE_URL); BENCH_PATIENTS patients; GET /ready once seeded, GET /ids.
 */
import Fastify from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { startHale } from '../../src/server.ts';
import { createUser, findUserByName } from '../../src/access/accounts.ts';
import { systemContext, type ActingContext } from '../../src/fhir/acting-context.ts';
import { FhirRepository } from '../../src/fhir/store/repository.ts';

const patients = Number(process.env.BENCH_PATIENTS ?? 500);
const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
const hale = await startHale(config, { logger: false });
// The server's guard, as the doctor's: the baseline reads through the same content cache and
// grouped reads, and differs only by the policy and the audit, which a system context skips.
const system = new FhirRepository(hale.db, systemContext('bench'), hale.guard);

const practitioner = (await system.create({ resourceType: 'Practitioner', name: [{ family: 'Bench' }] })).stored.id;
const obsIds: string[] = [];
const patientIds: string[] = [];
for (let n = 0; n < patients; n++) {
  const p = (await system.create({ resourceType: 'Patient', name: [{ family: `Access${n}` }], gender: 'female', birthDate: '1970-01-01' }))
    .stored.id;
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
const doctor = (requestId: string): ActingContext => ({
  userId: doctorRow.id,
  roles: ['doctor'],
  practitionerId: practitioner,
  requestId,
  system: false,
  ip: '127.0.0.1',
});
const unaudited = { ...hale.guard, audit: undefined };
const repos: Record<string, (requestId: string) => FhirRepository> = {
  system: () => system,
  doctor: (id) => new FhirRepository(hale.db, doctor(id), hale.guard),
  policy: (id) => new FhirRepository(hale.db, doctor(id), unaudited),
};

const app = Fastify({ logger: false });
app.get<{ Params: { who: string; id: string } }>('/:who/read/:id', async (req, reply) => {
  const repo = repos[req.params.who];
  if (!repo) return reply.code(404).send();
  const s = await repo(req.id).read('Observation', req.params.id);
  return reply.type('application/fhir+json').send(s.json);
});
app.get<{ Params: { who: string; patient: string } }>('/:who/search/:patient', async (req, reply) => {
  const repo = repos[req.params.who];
  if (!repo) return reply.code(404).send();
  const r = await repo(req.id).search('Observation', new URLSearchParams({ subject: `Patient/${req.params.patient}` }), false);
  // The entries as a search Bundle carries them (the stored JSON, unparsed).
  const body = `{"resourceType":"Bundle","type":"searchset","entry":[${r.matches.map((m) => `{"resource":${m.json}}`).join(',')}]}`;
  return reply.type('application/fhir+json').send(body);
});
app.get('/audited', async () => {
  const r = await hale.db.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_event WHERE user_id = $1', [doctorRow.id]);
  return { n: Number(r.rows[0]?.n ?? 0) };
});
app.get('/ready', async () => ({ ok: true }));
app.get('/ids', async () => ({ obsIds, patientIds }));
// PORT and HOST are the benchmark's (bench/core/spawn-server.ts); Hale's own listener took port 0.
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void (async () => {
      await app.close();
      await hale.close();
      process.exit(0);
    })();
  });
}
