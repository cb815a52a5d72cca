/**
 * Search results under the access policy: a patient, and a clinician without a care
 * relationship, get nothing of another patient's data through _include, _revinclude,
 * :iterate, totals, _summary=count, paging links or $everything; included resources join
 * the audit record of the search that returned them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/accounts.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { call, login, type ApiResult } from './support/api-client.ts';

const PASSWORD = 'a long and unusual passphrase 7';
let s: TestServer;
const tokens: Record<string, string> = {};

type Res = Record<string, unknown> & { resourceType: string; id: string };

function as(user: string, path: string, headers: Record<string, string> = {}): Promise<ApiResult> {
  return call(s.url, 'GET', `/fhir/R4/${path}`, tokens[user], undefined, headers);
}

const keys = (r: ApiResult, mode?: string): string[] =>
  (r.body.entry ?? [])
    // Resources only: an OperationOutcome entry (lenient mode's note of what it left out) is no data.
    .filter((e: any) => e.search?.mode !== 'outcome' && (mode === undefined || e.search?.mode === mode))
    .map((e: any) => `${e.resource.resourceType}/${e.resource.id}`)
    .sort();

/** Everything p2 owns or is: none of it may reach patient1 or drB. */
const P2_DATA = ['Patient/sa-p2', 'Observation/sa-o2', 'Encounter/sa-e2'];
const CODE = 'urn:test:sa|hr';

beforeAll(async () => {
  s = await startTestServer();
  const obs = (id: string, patient: string, extra: Record<string, unknown> = {}): Res => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'urn:test:sa', code: 'hr' }] },
    subject: { reference: `Patient/${patient}` },
    performer: [{ reference: 'Practitioner/sa-lab' }],
    ...extra,
  });
  const enc = (id: string, patient: string, extra: Record<string, unknown> = {}): Res => ({
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${patient}` },
    ...extra,
  });
  const resources: Res[] = [
    { resourceType: 'Organization', id: 'sa-org', name: 'Shared Clinic' },
    { resourceType: 'Practitioner', id: 'sa-drA', name: [{ family: 'Adams' }] },
    { resourceType: 'Practitioner', id: 'sa-drB', name: [{ family: 'Baker' }] },
    { resourceType: 'Practitioner', id: 'sa-lab', name: [{ family: 'Lab' }] },
    { resourceType: 'Patient', id: 'sa-p1', name: [{ family: 'One' }], managingOrganization: { reference: 'Organization/sa-org' } },
    { resourceType: 'Patient', id: 'sa-p2', name: [{ family: 'Two' }], managingOrganization: { reference: 'Organization/sa-org' } },
    {
      resourceType: 'CareTeam',
      id: 'sa-team',
      status: 'active',
      subject: { reference: 'Patient/sa-p1' },
      participant: [{ member: { reference: 'Practitioner/sa-drA' } }],
    },
    enc('sa-e2', 'sa-p2'),
    // p1's visit is part of p2's (a shared episode, e.g. mother and newborn): the reference crosses patients.
    enc('sa-e1', 'sa-p1', { partOf: { reference: 'Encounter/sa-e2' } }),
    // p1's observations, several for paging; one was performed by p2 (a reference to another patient).
    ...Array.from({ length: 5 }, (_, i) => obs(`sa-o1-${i}`, 'sa-p1', { encounter: { reference: 'Encounter/sa-e1' } })),
    obs('sa-o1-x', 'sa-p1', { performer: [{ reference: 'Patient/sa-p2' }] }),
    obs('sa-o2', 'sa-p2', { encounter: { reference: 'Encounter/sa-e1' } }),
  ];
  const r = await s.fhir('POST', '', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } })),
  });
  expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
  const users: [string, string[], Record<string, string>][] = [
    ['patient1', ['patient'], { patientId: 'sa-p1' }],
    ['drA', ['doctor'], { practitionerId: 'sa-drA' }],
    ['drB', ['doctor'], { practitionerId: 'sa-drB' }],
    ['reception', ['receptionist'], {}],
  ];
  for (const [username, roles, links] of users) {
    await createUser(s.hale.db, { username, roles, password: PASSWORD, ...links }, false);
    const res = await login(s.url, username, PASSWORD);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    tokens[username] = res.body.accessToken;
  }
}, 120_000);
afterAll(() => s.stop());

const P1_OBS = ['sa-o1-0', 'sa-o1-1', 'sa-o1-2', 'sa-o1-3', 'sa-o1-4', 'sa-o1-x'].map((id) => `Observation/${id}`);

/** No trace of p2's data anywhere in the answer (ids, references, names). */
function expectNoP2(r: ApiResult, probe: string): void {
  const text = JSON.stringify(r.body);
  for (const k of P2_DATA) {
    const mentioned = (r.body.entry ?? []).some((e: any) => `${e.resource?.resourceType}/${e.resource?.id}` === k);
    expect(mentioned, `${probe} returned ${k}`).toBe(false);
  }
  expect(text, probe).not.toContain('"family":"Two"');
  expect(text, probe).not.toContain('sa-o2');
}

describe('a patient', () => {
  it('_include of references to another patient and their encounter returns nothing of theirs', async () => {
    const perf = await as('patient1', 'Observation?_include=Observation:performer&_count=100');
    expect(keys(perf, 'match')).toEqual(P1_OBS);
    expect(keys(perf, 'include')).toEqual(['Practitioner/sa-lab']);
    expectNoP2(perf, 'performer');
    const all = await as('patient1', 'Observation?_include=Observation:*&_count=100');
    expect(keys(all, 'include')).toEqual(['Encounter/sa-e1', 'Patient/sa-p1', 'Practitioner/sa-lab']);
    expectNoP2(all, '*');
    const partOf = await as('patient1', 'Encounter?_include=Encounter:part-of');
    expect(keys(partOf)).toEqual(['Encounter/sa-e1']);
  });

  it('_revinclude and :iterate from shared resources stop at their own record', async () => {
    const lab = await as('patient1', 'Practitioner?_id=sa-lab&_revinclude=Observation:performer&_include:iterate=Observation:subject');
    // sa-o2 was performed by the lab too, but is p2's.
    expect(keys(lab, 'include')).toEqual([...P1_OBS.slice(0, 5), 'Patient/sa-p1'].sort());
    expectNoP2(lab, 'revinclude performer');
    const org = await as('patient1', 'Organization?_revinclude=Patient:organization&_revinclude:iterate=Observation:subject');
    expect(keys(org, 'include')).toEqual([...P1_OBS, 'Patient/sa-p1'].sort());
    expectNoP2(org, 'revinclude organization');
    const enc = await as('patient1', 'Encounter?_revinclude=Observation:encounter&_include:iterate=Encounter:part-of');
    expect(keys(enc)).toEqual(['Encounter/sa-e1', ...P1_OBS.slice(0, 5)].sort());
    expectNoP2(enc, 'revinclude encounter');
  });

  it('totals, counts and estimates count only their own', async () => {
    expect((await as('patient1', `Observation?code=${CODE}&_total=accurate&_count=1`)).body.total).toBe(6);
    expect((await as('patient1', `Observation?code=${CODE}&_total=estimate&_count=1`)).body.total).toBe(6);
    expect((await as('patient1', `Observation?code=${CODE}&_summary=count`)).body.total).toBe(6);
    expect((await as('patient1', 'Patient?_summary=count')).body.total).toBe(1);
    // Includes of what they may not see are not counted either: total counts matches only.
    expect((await as('patient1', 'Organization?_revinclude=Patient:organization&_total=accurate')).body.total).toBe(1);
  });

  it('paging links carry only their own rows and accepted parameters', async () => {
    const seen: string[] = [];
    let r = await as('patient1', `Observation?code=${CODE}&_count=2&_sort=-_lastUpdated&bogus=1`, { prefer: 'handling=lenient' });
    for (;;) {
      expect(r.status).toBe(200);
      seen.push(...keys(r));
      for (const l of r.body.link) {
        const url = new URL(l.url);
        expect(
          [...url.searchParams.keys()].every((k) => ['code', '_count', '_sort', '_cursor'].includes(k)),
          l.url,
        ).toBe(true);
        const cursor = url.searchParams.get('_cursor');
        if (cursor) expect(Buffer.from(cursor, 'base64url').toString('utf8')).not.toContain('sa-o2');
      }
      const next = r.body.link.find((l: any) => l.relation === 'next');
      if (!next) break;
      const u = new URL(next.url);
      r = await call(s.url, 'GET', u.pathname + u.search, tokens.patient1);
    }
    expect(seen.sort()).toEqual(P1_OBS);
  });

  it('$everything: their own record only; another patient is not known', async () => {
    const own = await as('patient1', 'Patient/sa-p1/$everything?_count=100');
    expect(own.status).toBe(200);
    expect(keys(own)).toEqual(
      [
        'CareTeam/sa-team',
        'Encounter/sa-e1',
        ...P1_OBS,
        'Organization/sa-org',
        'Patient/sa-p1',
        'Practitioner/sa-drA',
        'Practitioner/sa-lab',
      ].sort(),
    );
    expectNoP2(own, '$everything own');
    expect((await as('patient1', 'Patient/sa-p2/$everything')).status).toBe(404);
    expect((await as('patient1', 'Encounter/sa-e2/$everything')).status).toBe(404);
    const visit = await as('patient1', 'Encounter/sa-e1/$everything');
    expect(visit.status).toBe(200);
    expectNoP2(visit, 'Encounter $everything');
    expect(keys(visit)).toEqual(['Encounter/sa-e1', ...P1_OBS.slice(0, 5), 'Patient/sa-p1', 'Practitioner/sa-lab'].sort());
  });
});

describe('a clinician', () => {
  it('without a care relationship gets nothing through includes, totals, counts or $everything', async () => {
    const probes = [
      'Practitioner?_id=sa-lab&_revinclude=Observation:performer&_include:iterate=Observation:subject',
      'Organization?_revinclude=Patient:organization&_revinclude:iterate=Observation:subject',
      'Practitioner?_id=sa-drA&_revinclude=CareTeam:participant',
    ];
    for (const probe of probes) {
      const r = await as('drB', probe);
      expect(r.status, probe).toBe(200);
      expect(keys(r, 'include'), probe).toEqual([]);
    }
    expect((await as('drB', `Observation?code=${CODE}&_total=accurate`)).body.total).toBe(0);
    expect((await as('drB', `Observation?code=${CODE}&_summary=count`)).body.total).toBe(0);
    expect((await as('drB', 'Patient?_total=estimate')).body.total).toBe(0);
    expect((await as('drB', 'Patient/sa-p1/$everything')).status).toBe(403);
    expect((await as('drB', 'Patient/sa-p2/$everything')).status).toBe(403);
    expect((await as('drB', 'Encounter/sa-e1/$everything')).status).toBe(403);
  });

  it('with one sees that patient, and nothing of the other through references or $everything', async () => {
    const r = await as(
      'drA',
      'Observation?_include=Observation:performer&_include=Observation:encounter&_include:iterate=Encounter:part-of&_count=100',
    );
    expect(keys(r, 'match')).toEqual(P1_OBS);
    expect(keys(r, 'include')).toEqual(['Encounter/sa-e1', 'Practitioner/sa-lab']);
    expectNoP2(r, 'drA includes');
    const all = await as('drA', 'Patient/sa-p1/$everything');
    expect(all.status).toBe(200);
    expectNoP2(all, 'drA $everything');
    expect(all.body.total).toBe(12); // Patient, CareTeam, Encounter, 6 Observations, Organization, 2 Practitioners
    const visit = await as('drA', 'Encounter/sa-e1/$everything');
    expect(visit.status).toBe(200);
    // sa-o2 references this visit but is p2's; sa-o1-x names p2 as performer but is not of this visit.
    expectNoP2(visit, 'drA Encounter $everything');
    expect((await as('drA', 'Encounter/sa-e2/$everything')).status).toBe(403);
  });
});

describe('a role that may not read a type', () => {
  it('gets none of it through includes or $everything, silently', async () => {
    const r = await as('reception', 'Patient?_id=sa-p1&_revinclude=Observation:subject&_revinclude=Encounter:subject');
    expect(r.status).toBe(200);
    expect(keys(r)).toEqual(['Encounter/sa-e1', 'Patient/sa-p1']);
    const all = await as('reception', 'Patient/sa-p1/$everything');
    expect(all.status).toBe(200);
    expect(keys(all).filter((k) => k.startsWith('Observation/') || k.startsWith('CareTeam/'))).toEqual([]);
    expect(keys(all)).toContain('Encounter/sa-e1');
  });
});

describe('the audit trail', () => {
  it('records included resources and their patients with the search, and $everything as one record naming the patient', async () => {
    const searchId = randomUUID();
    await as('drA', 'Patient?_id=sa-p1&_revinclude=Observation:subject', { 'x-request-id': searchId });
    const everythingId = randomUUID();
    await as('drA', 'Patient/sa-p1/$everything', { 'x-request-id': everythingId });
    const rows = async (requestId: string) => {
      for (let i = 0; i < 50; i++) {
        const r = await s.hale.db.query<{ action: string; patient_ids: string[]; result_ids: string[] | null }>(
          'SELECT action, patient_ids, result_ids FROM audit_event WHERE request_id = $1',
          [requestId],
        );
        if (r.rows.length) return r.rows;
        await new Promise((done) => setTimeout(done, 20));
      }
      return [];
    };
    const [search] = await rows(searchId);
    expect(search!.action).toBe('search');
    expect([...search!.result_ids!].sort()).toEqual(['Patient/sa-p1', ...P1_OBS].sort());
    // sa-o1-x is in p2's compartment too (p2 performed it): the record names both patients.
    expect([...search!.patient_ids].sort()).toEqual(['sa-p1', 'sa-p2']);
    const everything = await rows(everythingId);
    expect(everything).toHaveLength(1);
    expect(everything[0]!.action).toBe('everything');
    expect(everything[0]!.patient_ids).toEqual(['sa-p1']);
    expect(everything[0]!.result_ids).toHaveLength(12);
  });

  it('records exactly the page returned and its patients, page by page, with the page itself', async () => {
    const recordOf = async (requestId: string) =>
      (
        await s.hale.db.query<{ action: string; patient_ids: string[]; result_ids: string[] }>(
          'SELECT action, patient_ids, result_ids FROM audit_event WHERE request_id = $1',
          [requestId],
        )
      ).rows;
    const first = randomUUID();
    const page1 = await as('drA', 'Observation?subject=Patient/sa-p1&_sort=_id&_count=4', { 'x-request-id': first });
    expect(page1.status).toBe(200);
    // Read as soon as the page is in: the page's own statement wrote it.
    expect(await recordOf(first)).toEqual([{ action: 'search', patient_ids: ['sa-p1'], result_ids: P1_OBS.slice(0, 4) }]);
    const next = page1.body.link.find((l: any) => l.relation === 'next').url as string;
    const second = randomUUID();
    const page2 = await call(s.url, 'GET', next.slice(s.url.length), tokens.drA, undefined, { 'x-request-id': second });
    expect(keys(page2)).toEqual(P1_OBS.slice(4));
    const [record] = await recordOf(second);
    expect(record!.result_ids).toEqual(P1_OBS.slice(4));
    // sa-o1-x names p2 as its performer: the page with it names both patients.
    expect([...record!.patient_ids].sort()).toEqual(['sa-p1', 'sa-p2']);
    const empty = randomUUID();
    expect(keys(await as('drA', 'Observation?subject=Patient/sa-p1&code=urn:test:sa|none', { 'x-request-id': empty }))).toEqual([]);
    expect(await recordOf(empty)).toEqual([{ action: 'search', patient_ids: [], result_ids: [] }]);
  });
});
