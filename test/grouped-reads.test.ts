/**
 * Reads by id that arrive together share one statement (fhir/store/read-coalescer.ts). A
 * burst of a clinician's reads must still answer each request as if it ran alone: its own
 * resource, 403 outside the care relationship, 410 for a deleted one, and exactly one
 * audit record per successful read, naming that request and the patient it read.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/verify-chain.ts';
import { createUser } from '../src/access/accounts.ts';
import { call, login } from './support/api-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const PASSWORD = 'a long and unusual passphrase 7';
let s: TestServer;
let token: string;
const ids = { mine: [] as string[], other: '', deleted: '', p1: '', p2: '' };

async function create(resource: Record<string, unknown>): Promise<string> {
  const r = await s.fhir('POST', resource.resourceType as string, resource);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

const observation = (patient: string, value: number) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: `Patient/${patient}` },
  valueQuantity: { value, unit: '/min' },
});

beforeAll(async () => {
  s = await startTestServer();
  const dr = await create({ resourceType: 'Practitioner', name: [{ family: 'Grouped' }] });
  ids.p1 = await create({ resourceType: 'Patient', name: [{ family: 'Near' }] });
  ids.p2 = await create({ resourceType: 'Patient', name: [{ family: 'Far' }] });
  await create({
    resourceType: 'CareTeam',
    status: 'active',
    subject: { reference: `Patient/${ids.p1}` },
    participant: [{ member: { reference: `Practitioner/${dr}` } }],
  });
  for (let i = 0; i < 10; i++) ids.mine.push(await create(observation(ids.p1, 60 + i)));
  ids.other = await create(observation(ids.p2, 70));
  ids.deleted = await create(observation(ids.p1, 80));
  expect((await s.fhir('DELETE', `Observation/${ids.deleted}`)).status).toBeLessThan(300);
  await createUser(s.hale.db, { username: 'grouped', roles: ['doctor'], password: PASSWORD, practitionerId: dr }, false);
  token = (await login(s.url, 'grouped', PASSWORD)).body.accessToken as string;
}, 120_000);
afterAll(() => s?.stop());

describe('reads that arrive together', () => {
  it('share statements, and each answers and is recorded as if it ran alone', async () => {
    const reads = s.hale.guard.reads!;
    const before = { ...reads.counts };
    // 30 reads of the doctor's patient (each observation three times), 5 of another patient's, 5 of a deleted one.
    const burst = [
      ...Array.from({ length: 30 }, (_, i) => ({ id: ids.mine[i % 10]!, expect: 200 })),
      ...Array.from({ length: 5 }, () => ({ id: ids.other, expect: 403 })),
      ...Array.from({ length: 5 }, () => ({ id: ids.deleted, expect: 410 })),
    ].map((r, n) => ({ ...r, requestId: `grouped-${n}` }));
    const answers = await Promise.all(
      burst.map((r) => call(s.url, 'GET', `/fhir/R4/Observation/${r.id}`, token, undefined, { 'x-request-id': r.requestId })),
    );
    burst.forEach((r, n) => {
      expect(answers[n]!.status, `${r.requestId}: ${JSON.stringify(answers[n]!.body).slice(0, 200)}`).toBe(r.expect);
      if (r.expect === 200) expect(answers[n]!.body.id).toBe(r.id);
    });

    const grouped = reads.counts.reads - before.reads;
    expect(grouped).toBe(40);
    expect(reads.counts.statements - before.statements).toBeLessThan(grouped);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toContain(`hale_read_grouped_total ${reads.counts.reads}`);
    expect(metrics).toContain(`hale_read_statements_total ${reads.counts.statements}`);

    // Every answer was sent after its record was committed: no waiting here.
    const records = (
      await s.hale.db.query<{ request_id: string; action: string; outcome: string; resource_id: string; patient_ids: string[] }>(
        `SELECT request_id, action, outcome, resource_id, patient_ids FROM audit_event WHERE request_id LIKE 'grouped-%'`,
      )
    ).rows;
    const byRequest = new Map<string, typeof records>();
    for (const r of records) byRequest.set(r.request_id, [...(byRequest.get(r.request_id) ?? []), r]);
    for (const r of burst) {
      const own = byRequest.get(r.requestId) ?? [];
      if (r.expect === 200) {
        expect(own).toEqual([{ request_id: r.requestId, action: 'read', outcome: 'success', resource_id: r.id, patient_ids: [ids.p1] }]);
      } else if (r.expect === 403) {
        expect(own.map((x) => [x.action, x.outcome, x.resource_id])).toEqual([['permission-denied', 'denied', ids.other]]);
      } else {
        expect(own, 'a deleted resource is not read: no record').toEqual([]);
      }
    }
  });

  it('leave a chain that verifies', async () => {
    await s.hale.auditLog.sealNow();
    const report = await verifyAuditChain(s.hale.db, {
      key: s.hale.secrets.auditKey,
      checkpointFile: path.join(s.config.dataDir, 'audit-checkpoint.json'),
    });
    expect(report).toMatchObject({ ok: true, unsealed: 0 });
    expect(report.sealed).toBeGreaterThan(35);
  });
});
