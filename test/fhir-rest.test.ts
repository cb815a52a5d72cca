/**
 * The FHIR REST API as a client sees it: every status code and header the R4 RESTful
 * API names for the interactions Hale supports, over real HTTP on a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { resourceTypes } from '../src/fhir/definitions.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ HALE_BODY_LIMIT_BYTES: String(2 * 1024 * 1024) });
});
afterAll(async () => {
  await s?.stop();
});

const patient = (family: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  name: [{ family, given: ['Ana'] }],
  gender: 'female',
  birthDate: '1980-05-17',
  ...extra,
});

const issues = (body: any): string[] => (body?.issue ?? []).flatMap((i: any) => i.expression ?? []);

describe('create, read, vread', () => {
  it('creates with a server-assigned id and answers 201 with Location, ETag and Last-Modified', async () => {
    const r = await s.fhir('POST', 'Patient', { ...patient('Create'), id: 'client-chosen' });
    expect(r.status).toBe(201);
    expect(r.body.id).not.toBe('client-chosen');
    expect(r.body.meta.versionId).toBe('1');
    expect(r.headers.get('etag')).toBe('W/"1"');
    expect(r.headers.get('location')).toBe(`${s.fhirBase}/Patient/${r.body.id}/_history/1`);
    expect(new Date(r.headers.get('last-modified')!).getTime()).toBeGreaterThan(0);
    expect(r.headers.get('content-type')).toMatch(/^application\/fhir\+json/);

    const read = await s.fhir('GET', `Patient/${r.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('W/"1"');
    expect(read.headers.get('last-modified')).toBe(r.headers.get('last-modified'));
    expect(read.body).toEqual(r.body);
  });

  it('answers 404 with an OperationOutcome for an unknown id and for an unknown type', async () => {
    const r = await s.fhir('GET', 'Patient/does-not-exist');
    expect(r.status).toBe(404);
    expect(r.body.resourceType).toBe('OperationOutcome');
    const t = await s.fhir('GET', 'Spaceship/1');
    expect(t.status).toBe(404);
    expect(t.body.issue[0].diagnostics).toMatch(/Unknown resource type 'Spaceship'/);
  });

  it('reads an old version with vread, and 404 for a version that never existed', async () => {
    const c = await s.fhir('POST', 'Patient', patient('Vread'));
    await s.fhir('PUT', `Patient/${c.body.id}`, { ...patient('Vread2'), id: c.body.id });
    const v1 = await s.fhir('GET', `Patient/${c.body.id}/_history/1`);
    expect(v1.status).toBe(200);
    expect(v1.body.name[0].family).toBe('Vread');
    expect(v1.headers.get('etag')).toBe('W/"1"');
    expect((await s.fhir('GET', `Patient/${c.body.id}/_history/9`)).status).toBe(404);
  });
});

describe('update', () => {
  it('updates to a new version and creates on update with the client id (201)', async () => {
    const created = await s.fhir('PUT', 'Patient/client-id-1', { ...patient('Put'), id: 'client-id-1' });
    expect(created.status).toBe(201);
    expect(created.body.meta.versionId).toBe('1');
    const updated = await s.fhir('PUT', 'Patient/client-id-1', { ...patient('Put2'), id: 'client-id-1' });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('W/"2"');
  });

  it('writes no new version when nothing changed', async () => {
    await s.fhir('PUT', 'Patient/noop-1', { ...patient('Noop'), id: 'noop-1' });
    const again = await s.fhir('PUT', 'Patient/noop-1', { ...patient('Noop'), id: 'noop-1' });
    expect(again.status).toBe(200);
    expect(again.body.meta.versionId).toBe('1');
  });

  it('returns 412 on a stale If-Match and 200 on the current one; 400 on a malformed one', async () => {
    const c = await s.fhir('POST', 'Patient', patient('Lock'));
    const id = c.body.id;
    const ok = await s.fhir('PUT', `Patient/${id}`, { ...patient('Lock2'), id }, { 'if-match': 'W/"1"' });
    expect(ok.status).toBe(200);
    const stale = await s.fhir('PUT', `Patient/${id}`, { ...patient('Lock3'), id }, { 'if-match': 'W/"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.resourceType).toBe('OperationOutcome');
    const bad = await s.fhir('PUT', `Patient/${id}`, { ...patient('Lock3'), id }, { 'if-match': 'yesterday' });
    expect(bad.status).toBe(400);
    const staleDelete = await s.fhir('DELETE', `Patient/${id}`, undefined, { 'if-match': 'W/"1"' });
    expect(staleDelete.status).toBe(412);
  });

  it('rejects an update whose body id differs from the URL (400)', async () => {
    const r = await s.fhir('PUT', 'Patient/abc', { ...patient('X'), id: 'xyz' });
    expect(r.status).toBe(400);
  });
});

describe('delete', () => {
  it('soft-deletes: later reads are 410 Gone, history keeps every version', async () => {
    const c = await s.fhir('POST', 'Patient', patient('Del'));
    const id = c.body.id;
    const d = await s.fhir('DELETE', `Patient/${id}`);
    expect(d.status).toBe(200);
    expect((await s.fhir('GET', `Patient/${id}`)).status).toBe(410);
    expect((await s.fhir('GET', `Patient/${id}/_history/1`)).status).toBe(200);
    expect((await s.fhir('GET', `Patient/${id}/_history/2`)).status).toBe(410);
    const h = await s.fhir('GET', `Patient/${id}/_history`);
    expect(h.body.type).toBe('history');
    expect(h.body.total).toBe(2);
    expect(h.body.entry[0].request.method).toBe('DELETE');
    expect(h.body.entry[0].resource).toBeUndefined();
    // deleting again is not an error
    expect((await s.fhir('DELETE', `Patient/${id}`)).status).toBe(200);
    // update after delete brings it back as a new version
    const back = await s.fhir('PUT', `Patient/${id}`, { ...patient('Back'), id });
    expect(back.status).toBe(201);
    expect(back.body.meta.versionId).toBe('3');
  });
});

describe('history', () => {
  it('serves instance, type and system history with _since and _count paging', async () => {
    const before = new Date(Date.now() - 5).toISOString();
    const c = await s.fhir('POST', 'Organization', { resourceType: 'Organization', name: 'H1' });
    const id = c.body.id;
    for (let i = 2; i <= 4; i++) await s.fhir('PUT', `Organization/${id}`, { resourceType: 'Organization', id, name: `H${i}` });
    const inst = await s.fhir('GET', `Organization/${id}/_history?_count=2`);
    expect(inst.body.total).toBe(4);
    expect(inst.body.entry.map((e: any) => e.resource.meta.versionId)).toEqual(['4', '3']);
    const next = inst.body.link.find((l: any) => l.relation === 'next').url as string;
    const page2 = await fetch(next, { headers: { authorization: `Bearer ${s.adminToken}` } }).then((r) => r.json());
    expect(page2.entry.map((e: any) => e.resource.meta.versionId)).toEqual(['2', '1']);

    const type = await s.fhir('GET', `Organization/_history?_since=${encodeURIComponent(before)}`);
    expect(type.body.total).toBe(4);
    const sys = await s.fhir('GET', `_history?_since=${encodeURIComponent(before)}&_count=1`);
    expect(sys.body.total).toBeGreaterThanOrEqual(4);
    expect(sys.body.entry).toHaveLength(1);
    expect((await s.fhir('GET', '_history?_since=yesterday')).status).toBe(400);
  });

  it('gives back every version as it was written, through updates, a patch, a delete and a re-create', async () => {
    // The current version's content is stored once (resource row); each write moves the one it
    // replaces into history. Every version must still read back whole, in vread and in _history.
    const c = await s.fhir('POST', 'Organization', { resourceType: 'Organization', name: 'V1' });
    const id = c.body.id as string;
    await s.fhir('PUT', `Organization/${id}`, { resourceType: 'Organization', id, name: 'V2' });
    await s.fhir('PATCH', `Organization/${id}`, [{ op: 'replace', path: '/name', value: 'V3' }]);
    expect((await s.fhir('DELETE', `Organization/${id}`)).status).toBe(200);
    expect((await s.fhir('PUT', `Organization/${id}`, { resourceType: 'Organization', id, name: 'V5' })).status).toBe(201);
    for (const [v, name] of [
      ['1', 'V1'],
      ['2', 'V2'],
      ['3', 'V3'],
      ['5', 'V5'],
    ]) {
      const r = await s.fhir('GET', `Organization/${id}/_history/${v}`);
      expect([v, r.status, r.body.name, r.body.meta.versionId]).toEqual([v, 200, name, v]);
    }
    expect((await s.fhir('GET', `Organization/${id}/_history/4`)).status).toBe(410);
    const h = await s.fhir('GET', `Organization/${id}/_history`);
    expect(h.body.entry.map((e: any) => [e.request.method, e.resource?.name ?? null])).toEqual([
      ['PUT', 'V5'],
      ['DELETE', null],
      ['PATCH', 'V3'],
      ['PUT', 'V2'],
      ['POST', 'V1'],
    ]);
  });
});

describe('conditional interactions', () => {
  const ident = (v: string) => ({ identifier: [{ system: 'urn:test:mrn', value: v }] });

  it('conditional create: 201 on no match, 200 on one, 412 on many', async () => {
    const h = { 'if-none-exist': 'identifier=urn:test:mrn|C1' };
    const first = await s.fhir('POST', 'Patient', patient('Cond', ident('C1')), h);
    expect(first.status).toBe(201);
    const second = await s.fhir('POST', 'Patient', patient('Cond', ident('C1')), h);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    await s.fhir('POST', 'Patient', patient('Cond', ident('C2')));
    await s.fhir('POST', 'Patient', patient('Cond', ident('C2')));
    const many = await s.fhir('POST', 'Patient', patient('Cond', ident('C2')), { 'if-none-exist': 'identifier=urn:test:mrn|C2' });
    expect(many.status).toBe(412);
  });

  it('conditional update: creates on no match, updates the one match, 412 on many', async () => {
    const created = await s.fhir('PUT', 'Patient?identifier=urn:test:mrn|U1', patient('CU', ident('U1')));
    expect(created.status).toBe(201);
    const updated = await s.fhir('PUT', 'Patient?identifier=urn:test:mrn|U1', patient('CU2', ident('U1')));
    expect(updated.status).toBe(200);
    expect(updated.body.id).toBe(created.body.id);
    expect(updated.body.meta.versionId).toBe('2');
    await s.fhir('POST', 'Patient', patient('CU', ident('U2')));
    await s.fhir('POST', 'Patient', patient('CU', ident('U2')));
    expect((await s.fhir('PUT', 'Patient?identifier=urn:test:mrn|U2', patient('CU', ident('U2')))).status).toBe(412);
  });

  it('conditional delete: 200 on no match, deletes the one match, 412 on many', async () => {
    expect((await s.fhir('DELETE', 'Patient?identifier=urn:test:mrn|D0')).status).toBe(200);
    const c = await s.fhir('POST', 'Patient', patient('CD', ident('D1')));
    expect((await s.fhir('DELETE', 'Patient?identifier=urn:test:mrn|D1')).status).toBe(200);
    expect((await s.fhir('GET', `Patient/${c.body.id}`)).status).toBe(410);
    await s.fhir('POST', 'Patient', patient('CD', ident('D2')));
    await s.fhir('POST', 'Patient', patient('CD', ident('D2')));
    expect((await s.fhir('DELETE', 'Patient?identifier=urn:test:mrn|D2')).status).toBe(412);
  });

  it('two concurrent conditional creates of the same identifier create one resource', async () => {
    const h = { 'if-none-exist': 'identifier=urn:test:mrn|RACE' };
    const results = await Promise.all(Array.from({ length: 8 }, () => s.fhir('POST', 'Patient', patient('Race', ident('RACE')), h)));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  });
});

describe('Prefer', () => {
  it('return=minimal sends no body, return=OperationOutcome sends an outcome', async () => {
    const min = await s.fhir('POST', 'Patient', patient('Min'), { prefer: 'return=minimal' });
    expect(min.status).toBe(201);
    expect(min.body).toBeUndefined();
    expect(min.headers.get('location')).toMatch(/\/Patient\/[^/]+\/_history\/1$/);
    const oo = await s.fhir('POST', 'Patient', patient('OO'), { prefer: 'return=OperationOutcome' });
    expect(oo.body.resourceType).toBe('OperationOutcome');
    const rep = await s.fhir('POST', 'Patient', patient('Rep'), { prefer: 'return=representation' });
    expect(rep.body.resourceType).toBe('Patient');
  });
});

describe('JSON Patch', () => {
  it('applies a patch as a new version, honours If-Match and test operations', async () => {
    const c = await s.fhir('POST', 'Patient', patient('Patch'));
    const id = c.body.id;
    const p = await s.fhir('PATCH', `Patient/${id}`, [{ op: 'replace', path: '/name/0/family', value: 'Patched' }]);
    expect(p.status).toBe(200);
    expect(p.body.name[0].family).toBe('Patched');
    expect(p.body.meta.versionId).toBe('2');
    const stale = await s.fhir('PATCH', `Patient/${id}`, [{ op: 'replace', path: '/gender', value: 'male' }], { 'if-match': 'W/"1"' });
    expect(stale.status).toBe(412);
    const failedTest = await s.fhir('PATCH', `Patient/${id}`, [{ op: 'test', path: '/gender', value: 'male' }]);
    expect(failedTest.status).toBe(412);
    const invalid = await s.fhir('PATCH', `Patient/${id}`, [{ op: 'replace', path: '/gender', value: 'not-a-gender' }]);
    expect(invalid.status).toBe(422);
    const wrongType = await fetch(`${s.fhirBase}/Patient/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${s.adminToken}` },
      body: '[]',
    });
    expect(wrongType.status).toBe(415);
  });
});

describe('validation and error statuses', () => {
  it('400 for malformed JSON', async () => {
    const r = await s.fhir('POST', 'Patient', '{"resourceType": "Patient", ');
    expect(r.status).toBe(400);
    expect(r.body.resourceType).toBe('OperationOutcome');
  });

  it('422 for an invalid resource, with the FHIRPath of each problem', async () => {
    const r = await s.fhir('POST', 'Patient', { resourceType: 'Patient', birthDate: 'May 5th', gender: 'robot', foo: 1 });
    expect(r.status).toBe(422);
    const where = issues(r.body);
    expect(where).toEqual(expect.arrayContaining(['Patient.birthDate', 'Patient.gender', 'Patient.foo']));
  });

  it('422 for a missing required element and a bad reference', async () => {
    const r = await s.fhir('POST', 'Observation', {
      resourceType: 'Observation',
      status: 'final',
      subject: { reference: 'not a reference' },
    });
    expect(r.status).toBe(422);
    expect(issues(r.body)).toEqual(expect.arrayContaining(['Observation.code', 'Observation.subject.reference']));
  });

  it('422 for text no database can hold (U+0000), 400 for such a search value; nothing is written', async () => {
    const r = await s.fhir('POST', 'Patient', patient('Nul\u0000Byte'));
    expect(r.status).toBe(422);
    expect(issues(r.body)).toEqual(['Patient.name[0].family']);
    const search = await s.fhir('GET', 'Patient?family=Nul%00Byte');
    expect(search.status).toBe(400);
    expect(search.body.issue[0].diagnostics).toMatch(/U\+0000/);
    expect((await s.fhir('GET', 'Patient?family:exact=Nul')).body.total ?? 0).toBe(0);
  });

  it('400 when the body type does not match the URL', async () => {
    const r = await s.fhir('POST', 'Observation', patient('Mismatch'));
    expect(r.status).toBe(400);
  });

  it('405 for an interaction the path does not support', async () => {
    expect((await s.fhir('POST', 'Patient/123', patient('X'))).status).toBe(405);
    expect((await s.fhir('DELETE', 'metadata')).status).toBe(405);
  });

  it('413 for a body over the limit', async () => {
    const big = patient('Big', {
      text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(3 * 1024 * 1024)}</div>` },
    });
    const r = await s.fhir('POST', 'Patient', big);
    expect(r.status).toBe(413);
  });

  it('415 for a body in another format, 406 for XML', async () => {
    const r = await fetch(`${s.fhirBase}/Patient`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+xml', authorization: `Bearer ${s.adminToken}` },
      body: '<Patient/>',
    });
    expect(r.status).toBe(415);
    const x = await fetch(`${s.fhirBase}/metadata`, { headers: { accept: 'application/fhir+xml' } });
    expect(x.status).toBe(406);
    expect((await x.json()).issue[0].diagnostics).toMatch(/JSON only/);
    const f = await fetch(`${s.fhirBase}/metadata?_format=xml`);
    expect(f.status).toBe(406);
    const j = await fetch(`${s.fhirBase}/metadata?_format=json`);
    expect(j.status).toBe(200);
  });
});

describe('CapabilityStatement', () => {
  it('lists every R4 resource type with the interactions the server implements', async () => {
    const r = await s.fhir('GET', 'metadata');
    expect(r.status).toBe(200);
    expect(r.body.resourceType).toBe('CapabilityStatement');
    expect(r.body.fhirVersion).toBe('4.0.1');
    const rest = r.body.rest[0];
    expect(rest.resource.map((x: any) => x.type)).toEqual([...resourceTypes()]);
    expect(rest.resource.length).toBe(146);
    const p = rest.resource.find((x: any) => x.type === 'Patient');
    expect(p.interaction.map((i: any) => i.code)).toEqual(
      expect.arrayContaining(['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type']),
    );
    expect(p.conditionalCreate).toBe(true);
    expect(p.searchParam.map((x: any) => x.name)).toEqual(expect.arrayContaining(['_id', '_lastUpdated', 'identifier']));
    expect(rest.interaction.map((i: any) => i.code)).toEqual(expect.arrayContaining(['transaction', 'batch', 'history-system']));
  });
});

describe('operations endpoints', () => {
  it('/health, /ready and /metrics answer', async () => {
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    const ready = await fetch(`${s.url}/ready`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).checks.migrations).toBe('applied');
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/hale_http_requests_total\{method="GET",route="\/fhir\/R4\/metadata",status="200"\}/);
    expect(metrics).toMatch(/hale_http_request_duration_seconds_bucket/);
    expect(metrics).toMatch(/hale_db_pool_connections\{state="total"\}/);
    expect(metrics).toMatch(/nodejs_eventloop_lag_seconds/);
  });

  it('sends a request id on every response, keeping a caller-supplied one', async () => {
    const r = await fetch(`${s.url}/health`, { headers: { 'x-request-id': 'abc-123' } });
    expect(r.headers.get('x-request-id')).toBe('abc-123');
    const r2 = await fetch(`${s.url}/health`);
    expect(r2.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
