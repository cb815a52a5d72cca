/**
 * The access policy as users meet it through /fhir/R4: each role sees what its job needs,
 * patients see only their own record whatever the URL, clinicians only their patients
 * (unless they break the glass, which expires), consent denials hold, insurers see only
 * claims sent to them, and nothing leaks through totals, paging, history or bundles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/accounts.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { call, login } from './support/api-client.ts';

const PASSWORD = 'a long and unusual passphrase 7';
let s: TestServer;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

async function create(resource: Record<string, unknown>): Promise<string> {
  const r = await s.fhir('POST', resource.resourceType as string, resource);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

function as(user: string, method: string, path: string, body?: unknown) {
  return call(s.url, method, `/fhir/R4/${path}`, tokens[user], body);
}

beforeAll(async () => {
  s = await startTestServer();
  ids.hospital = await create({ resourceType: 'Organization', name: 'General Hospital' });
  ids.insurerA = await create({ resourceType: 'Organization', name: 'Acme Health Insurance' });
  ids.insurerB = await create({ resourceType: 'Organization', name: 'Other Mutual' });
  ids.drA = await create({ resourceType: 'Practitioner', name: [{ family: 'Adams' }] });
  ids.drB = await create({ resourceType: 'Practitioner', name: [{ family: 'Baker' }] });
  ids.p1 = await create({ resourceType: 'Patient', name: [{ family: 'One' }] });
  ids.p2 = await create({ resourceType: 'Patient', name: [{ family: 'Two' }] });
  ids.careTeam = await create({
    resourceType: 'CareTeam',
    status: 'active',
    subject: { reference: `Patient/${ids.p1}` },
    participant: [{ member: { reference: `Practitioner/${ids.drA}` } }],
  });
  const obs = (p: string, v: number) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: `Patient/${p}` },
    valueQuantity: { value: v, unit: '/min' },
  });
  ids.obs1a = await create(obs(ids.p1, 60));
  ids.obs1b = await create(obs(ids.p1, 62));
  ids.obs2 = await create(obs(ids.p2, 70));
  ids.note1 = await create({
    resourceType: 'DocumentReference',
    status: 'current',
    subject: { reference: `Patient/${ids.p1}` },
    content: [{ attachment: { contentType: 'text/plain', data: 'Tm90ZQ==' } }],
  });
  const claim = (p: string, insurer: string) => ({
    resourceType: 'Claim',
    status: 'active',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
    use: 'claim',
    patient: { reference: `Patient/${p}` },
    created: '2026-11-01',
    provider: { reference: `Organization/${ids.hospital}` },
    insurer: { reference: `Organization/${insurer}` },
    priority: { coding: [{ code: 'normal' }] },
    insurance: [{ sequence: 1, focal: true, coverage: { display: 'plan' } }],
  });
  ids.claim1 = await create(claim(ids.p1, ids.insurerA));
  ids.claim2 = await create(claim(ids.p2, ids.insurerB));
  ids.med2 = await create({
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'amoxicillin' },
    subject: { reference: `Patient/${ids.p2}` },
  });

  const users: [string, string[], Record<string, string>][] = [
    ['patient1', ['patient'], { patientId: ids.p1 }],
    ['drA', ['doctor'], { practitionerId: ids.drA }],
    ['drB', ['doctor'], { practitionerId: ids.drB }],
    ['reception', ['receptionist'], {}],
    ['billing', ['billing'], {}],
    ['insurerA', ['insurer'], { organizationId: ids.insurerA }],
    ['lab', ['lab'], {}],
    ['pharmacist', ['pharmacist'], {}],
    ['auditor', ['auditor'], {}],
  ];
  for (const [username, roles, links] of users) {
    await createUser(s.hale.db, { username, roles, password: PASSWORD, ...links }, false);
    const r = await login(s.url, username, PASSWORD);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    tokens[username] = r.body.accessToken;
  }
}, 120_000);
afterAll(() => s.stop());

describe('a patient', () => {
  it('reads their own record and is told nothing about anyone else', async () => {
    expect((await as('patient1', 'GET', `Patient/${ids.p1}`)).status).toBe(200);
    expect((await as('patient1', 'GET', `Observation/${ids.obs1a}`)).status).toBe(200);
    expect((await as('patient1', 'GET', `Patient/${ids.p2}`)).status).toBe(404);
    expect((await as('patient1', 'GET', `Observation/${ids.obs2}`)).status).toBe(404);
    expect((await as('patient1', 'GET', `Observation/${ids.obs2}/_history/1`)).status).toBe(404);
    expect((await as('patient1', 'GET', `Observation/${ids.obs2}/_history`)).status).toBe(404);
  });

  it('searches see only their own, in results, totals, counts and paging', async () => {
    const all = await as('patient1', 'GET', 'Observation?_total=accurate');
    expect(all.body.total).toBe(2);
    expect(all.body.entry.map((e: any) => e.resource.subject.reference)).toEqual([`Patient/${ids.p1}`, `Patient/${ids.p1}`]);
    expect((await as('patient1', 'GET', `Observation?subject=Patient/${ids.p2}&_total=accurate`)).body.total).toBe(0);
    expect((await as('patient1', 'GET', 'Observation?_summary=count')).body.total).toBe(2);
    expect((await as('patient1', 'GET', 'Patient?_total=accurate')).body.total).toBe(1);
    const page1 = await as('patient1', 'GET', 'Observation?_count=1');
    const next = page1.body.link.find((l: any) => l.relation === 'next').url as string;
    const page2 = await call(s.url, 'GET', new URL(next).pathname + new URL(next).search, tokens.patient1);
    expect(page2.body.entry).toHaveLength(1);
    expect(page2.body.entry[0].resource.subject.reference).toBe(`Patient/${ids.p1}`);
    expect(page2.body.link.find((l: any) => l.relation === 'next')).toBeUndefined();
    expect((await as('patient1', 'GET', 'Observation/_history')).status).toBe(403);
    expect((await as('patient1', 'GET', '_history')).status).toBe(403);
  });

  it('gets nothing of another patient through _include, _revinclude, chained search or $everything', async () => {
    const probes = [
      `Observation?_include=Observation:subject`,
      `Patient?_revinclude=Observation:subject`,
      `Observation?subject.name=Two`,
      `Observation?subject:Patient.family=Two`,
      `Patient/${ids.p2}/$everything`,
      `Patient/${ids.p1}/$everything`,
    ];
    for (const probe of probes) {
      const r = await as('patient1', 'GET', probe);
      // An error may repeat the URL the caller sent; it must not answer with data.
      if (probe.includes(ids.p2!)) expect(r.status, probe).not.toBe(200);
      else expect(JSON.stringify(r.body), probe).not.toContain(ids.p2);
      expect(JSON.stringify(r.body), probe).not.toContain(ids.obs2);
      if (r.status === 200) for (const e of r.body.entry ?? []) expect(JSON.stringify(e.resource), probe).not.toMatch(/"family":"Two"/);
    }
  });

  it('gets nothing of another patient through a batch or transaction bundle', async () => {
    const batch = await as('patient1', 'POST', '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'GET', url: `Patient/${ids.p2}` } },
        { request: { method: 'GET', url: 'Observation?_total=accurate' } },
        { request: { method: 'GET', url: `Patient/${ids.p1}` } },
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.entry[0].response.status).toMatch(/^404/);
    expect(batch.body.entry[1].resource.total).toBe(2);
    expect(batch.body.entry[2].response.status).toMatch(/^200/);
    const tx = await as('patient1', 'POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ request: { method: 'GET', url: `Observation/${ids.obs2}` } }],
    });
    expect(JSON.stringify(tx.body)).not.toContain(ids.p2);
  });

  it('cannot write clinical data, but can send a message about themselves only', async () => {
    const obs = { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${ids.p1}` } };
    expect((await as('patient1', 'POST', 'Observation', obs)).status).toBe(403);
    const msg = (p: string) => ({
      resourceType: 'Communication',
      status: 'completed',
      subject: { reference: `Patient/${p}` },
      payload: [{ contentString: 'Hello' }],
    });
    expect((await as('patient1', 'POST', 'Communication', msg(ids.p1))).status).toBe(201);
    expect((await as('patient1', 'POST', 'Communication', msg(ids.p2))).status).toBe(403);
  });
});

describe('clinicians', () => {
  it('see the patients they care for, and only those', async () => {
    expect((await as('drA', 'GET', `Observation/${ids.obs1a}`)).status).toBe(200);
    expect((await as('drA', 'GET', `Observation/${ids.obs2}`)).status).toBe(403);
    expect((await as('drA', 'GET', 'Observation?_total=accurate')).body.total).toBe(2);
    expect((await as('drB', 'GET', `Observation/${ids.obs1a}`)).status).toBe(403);
    expect((await as('drB', 'GET', 'Observation?_total=accurate')).body.total).toBe(0);
  });

  it('break the glass with a reason: access for a limited time, reviewed, patient notified', async () => {
    const noReason = await call(s.url, 'POST', '/api/v1/break-glass', tokens.drB, { patientId: ids.p1, reason: 'x' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('reason');
    const grant = await call(s.url, 'POST', '/api/v1/break-glass', tokens.drB, {
      patientId: ids.p1,
      reason: 'Unconscious in the emergency room',
    });
    expect(grant.status).toBe(201);
    expect((await as('drB', 'GET', `Observation/${ids.obs1a}`)).status).toBe(200);
    expect((await as('drB', 'GET', `Observation/${ids.obs2}`)).status).toBe(403);
    const queue = await call(s.url, 'GET', '/api/v1/admin/break-glass', tokens.auditor);
    expect(queue.body.grants.map((g: any) => g.id)).toContain(grant.body.id);
    // The queue names the requester, since auditors cannot list accounts.
    expect(queue.body.grants.find((g: any) => g.id === grant.body.id).user).toEqual({ username: 'drB', displayName: 'drB' });
    // Reading the queue (patients and why their records were opened) is audited.
    const read = await s.hale.db.query<{ patient_ids: string[]; result_ids: string[] }>(
      "SELECT patient_ids, result_ids FROM audit_event WHERE action = 'search' AND resource_type = 'BreakGlassGrant' ORDER BY seq DESC LIMIT 1",
    );
    expect(read.rows[0]?.patient_ids).toContain(ids.p1);
    expect(read.rows[0]?.result_ids).toContain(`BreakGlassGrant/${grant.body.id}`);
    const notes = await s.fhir('GET', `Communication?subject=Patient/${ids.p1}&category=alert&_total=accurate`);
    expect(notes.body.total).toBe(2);
    expect(JSON.stringify(notes.body)).toContain('Unconscious in the emergency room');
    // The grant runs out.
    await s.hale.db.query("UPDATE hale_break_glass SET expires_at = now() - interval '1 second' WHERE id = $1", [grant.body.id]);
    expect((await as('drB', 'GET', `Observation/${ids.obs1a}`)).status).toBe(403);
    const reviewed = await call(s.url, 'POST', `/api/v1/admin/break-glass/${grant.body.id}/review`, tokens.auditor, {
      note: 'Justified: ER admission',
    });
    expect(reviewed.body.reviewedBy).toBeTruthy();
    const all = await call(s.url, 'GET', '/api/v1/admin/break-glass?status=all', tokens.auditor);
    const closed = all.body.grants.find((g: any) => g.id === grant.body.id);
    expect(closed).toMatchObject({ reviewNote: 'Justified: ER admission', reviewer: { username: 'auditor' } });
  });

  it('lose access when the patient denies it by Consent', async () => {
    const consent = await create({
      resourceType: 'Consent',
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient: { reference: `Patient/${ids.p1}` },
      policyRule: { text: 'no sharing with Dr Adams' },
      provision: { type: 'deny', actor: [{ role: { text: 'blocked' }, reference: { reference: `Practitioner/${ids.drA}` } }] },
    });
    expect((await as('drA', 'GET', `Observation/${ids.obs1a}`)).status).toBe(403);
    expect((await as('drA', 'GET', 'Observation?_total=accurate')).body.total).toBe(0);
    // A sorted search naming no patient starts from the doctor's patients (candidate-matches.ts); consent still applies to each row.
    const sorted = async () =>
      ((await as('drA', 'GET', 'Observation?status=final&_sort=-date')).body.entry ?? []).map((e: any) => e.resource.id);
    expect(await sorted()).toEqual([]);
    await s.fhir('DELETE', `Consent/${consent}`);
    expect((await as('drA', 'GET', `Observation/${ids.obs1a}`)).status).toBe(200);
    expect(await sorted()).toContain(ids.obs1a);
  });
});

describe('staff roles', () => {
  it('a receptionist registers patients but cannot read clinical notes', async () => {
    expect((await as('reception', 'GET', `Patient/${ids.p2}`)).status).toBe(200);
    expect((await as('reception', 'POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'New' }] })).status).toBe(201);
    expect((await as('reception', 'GET', `DocumentReference/${ids.note1}`)).status).toBe(403);
    expect((await as('reception', 'GET', 'Observation')).status).toBe(403);
  });

  it('billing reads claims but not notes or observations', async () => {
    expect((await as('billing', 'GET', `Claim/${ids.claim1}`)).status).toBe(200);
    expect((await as('billing', 'GET', `DocumentReference/${ids.note1}`)).status).toBe(403);
    expect((await as('billing', 'GET', `Observation/${ids.obs1a}`)).status).toBe(403);
  });

  it('an insurer sees only claims sent to its own organization', async () => {
    expect((await as('insurerA', 'GET', `Claim/${ids.claim1}`)).status).toBe(200);
    expect((await as('insurerA', 'GET', `Claim/${ids.claim2}`)).status).toBe(403);
    const list = await as('insurerA', 'GET', 'Claim?_total=accurate');
    expect(list.body.total).toBe(1);
    expect(list.body.entry[0].resource.id).toBe(ids.claim1);
    expect((await as('insurerA', 'GET', `Patient/${ids.p1}`)).status).toBe(403);
  });

  it('lab enters results; a pharmacist dispenses but does not write results', async () => {
    const result = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Hb' },
      subject: { reference: `Patient/${ids.p2}` },
      valueQuantity: { value: 13.5, unit: 'g/dL' },
    };
    expect((await as('lab', 'POST', 'Observation', result)).status).toBe(201);
    expect((await as('lab', 'GET', `MedicationRequest/${ids.med2}`)).status).toBe(403);
    expect((await as('pharmacist', 'GET', `MedicationRequest/${ids.med2}`)).status).toBe(200);
    expect((await as('pharmacist', 'POST', 'Observation', result)).status).toBe(403);
    const dispense = {
      resourceType: 'MedicationDispense',
      status: 'completed',
      medicationCodeableConcept: { text: 'amoxicillin' },
      subject: { reference: `Patient/${ids.p2}` },
    };
    expect((await as('pharmacist', 'POST', 'MedicationDispense', dispense)).status).toBe(201);
  });

  it('nobody writes AuditEvent; anonymous callers get only the CapabilityStatement', async () => {
    expect((await s.fhir('POST', 'AuditEvent', { resourceType: 'AuditEvent' })).status).toBe(403);
    expect((await call(s.url, 'GET', '/fhir/R4/metadata')).status).toBe(200);
    expect((await call(s.url, 'GET', `/fhir/R4/Patient/${ids.p1}`)).status).toBe(401);
  });
});
