/** batch and transaction Bundles through POST /fhir/R4, as the R4 spec describes them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './support/test-server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

const count = async (type: string, query: string) =>
  (await s.fhir('GET', `${type}?${query}&_total=accurate&_count=0`)).body.total as number;

describe('transaction', () => {
  it('is all-or-nothing: entry 50 of 100 invalid writes nothing and names the entry', async () => {
    const tag = randomUUID();
    const entry = Array.from({ length: 100 }, (_, i) => ({
      fullUrl: `urn:uuid:${randomUUID()}`,
      resource: {
        resourceType: 'Patient',
        identifier: [{ system: 'urn:test:tx', value: `${tag}-${i}` }],
        ...(i === 49 ? { birthDate: 'not-a-date' } : { birthDate: '1990-01-01' }),
      },
      request: { method: 'POST', url: 'Patient' },
    }));
    const r = await s.fhir('POST', '', { resourceType: 'Bundle', type: 'transaction', entry });
    expect(r.status).toBe(422);
    expect(r.body.issue[0].expression[0]).toBe('Bundle.entry[49].resource.birthDate');
    // none of the 99 valid entries was written
    for (const i of [0, 48, 50, 99]) expect(await count('Patient', `identifier=urn:test:tx|${tag}-${i}`)).toBe(0);
  });

  it('stores a large transaction whole (written in several statements), and a conflict at its end undoes all of it', async () => {
    const tag = randomUUID();
    const patients = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: { resourceType: 'Patient', identifier: [{ system: 'urn:test:big', value: `${tag}-${prefix}-${i}` }] },
        request: { method: 'POST', url: 'Patient' },
      }));
    const ok = await s.fhir('POST', '', { resourceType: 'Bundle', type: 'transaction', entry: patients(600, 'ok') });
    expect(ok.status).toBe(200);
    expect(ok.body.entry).toHaveLength(600);
    expect(await count('Patient', `identifier=urn:test:big|${tag}-ok-0,urn:test:big|${tag}-ok-599`)).toBe(2);

    // The double-booking guard refuses the last Appointment, which overlaps the first one: a
    // database-level refusal in the last statement, after 600 Patients went in the earlier ones.
    await s.fhir('PUT', 'Practitioner/big-tx-doc', { resourceType: 'Practitioner', id: 'big-tx-doc' });
    const appointment = (start: string, end: string) => ({
      resource: {
        resourceType: 'Appointment',
        status: 'booked',
        start,
        end,
        participant: [{ actor: { reference: 'Practitioner/big-tx-doc' }, status: 'accepted' }],
      },
      request: { method: 'POST', url: 'Appointment' },
    });
    const clash = await s.fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        appointment('2026-09-01T09:00:00Z', '2026-09-01T09:30:00Z'),
        ...patients(600, 'undone'),
        appointment('2026-09-01T09:15:00Z', '2026-09-01T09:45:00Z'),
      ],
    });
    expect(clash.status).toBe(409);
    for (const i of [0, 300, 599]) expect(await count('Patient', `identifier=urn:test:big|${tag}-undone-${i}`)).toBe(0);
    expect(await count('Appointment', 'actor=Practitioner/big-tx-doc')).toBe(0);
  });

  it('rewrites urn:uuid references to the assigned ids and resolves conditional references', async () => {
    const org = await s.fhir('POST', 'Organization', {
      resourceType: 'Organization',
      name: 'General',
      identifier: [{ system: 'urn:test:org', value: 'GH-1' }],
    });
    const pUrl = `urn:uuid:${randomUUID()}`;
    const eUrl = `urn:uuid:${randomUUID()}`;
    const r = await s.fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: eUrl,
          resource: {
            resourceType: 'Encounter',
            status: 'finished',
            class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
            subject: { reference: pUrl },
            serviceProvider: { reference: 'Organization?identifier=urn:test:org|GH-1' },
          },
          request: { method: 'POST', url: 'Encounter' },
        },
        {
          fullUrl: pUrl,
          resource: {
            resourceType: 'Patient',
            name: [{ family: 'Linked' }],
            managingOrganization: { reference: 'Organization?identifier=urn:test:org|GH-1' },
          },
          request: { method: 'POST', url: 'Patient' },
        },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('transaction-response');
    const [enc, pat] = r.body.entry;
    expect(enc.response.status).toBe('201 Created');
    expect(pat.response.location).toMatch(/^Patient\/[^/]+\/_history\/1$/);
    expect(enc.resource.subject.reference).toBe(`Patient/${pat.resource.id}`);
    expect(enc.resource.serviceProvider.reference).toBe(`Organization/${org.body.id}`);
    const read = await s.fhir('GET', `Encounter/${enc.resource.id}`);
    expect(read.body.subject.reference).toBe(`Patient/${pat.resource.id}`);
  });

  it('fails when a conditional reference matches nothing', async () => {
    const r = await s.fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { resourceType: 'Patient', managingOrganization: { reference: 'Organization?identifier=urn:test:org|NOPE' } },
          request: { method: 'POST', url: 'Patient' },
        },
      ],
    });
    expect(r.status).toBe(404);
    expect(r.body.issue[0].diagnostics).toMatch(/NOPE/);
  });

  it('processes DELETE, then POST, then PUT, then GET, and answers in the original order', async () => {
    const victim = await s.fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Victim' }] });
    const kept = await s.fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Kept' }] });
    const r = await s.fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        // GET first in the bundle but processed last: it sees the PUT below.
        { request: { method: 'GET', url: `Patient/${kept.body.id}` } },
        {
          resource: { resourceType: 'Patient', id: kept.body.id, name: [{ family: 'KeptUpdated' }] },
          request: { method: 'PUT', url: `Patient/${kept.body.id}` },
        },
        { resource: { resourceType: 'Patient', name: [{ family: 'New' }] }, request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'DELETE', url: `Patient/${victim.body.id}` } },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.entry[0].resource.name[0].family).toBe('KeptUpdated');
    expect(r.body.entry[1].response.status).toBe('200 OK');
    expect(r.body.entry[2].response.status).toBe('201 Created');
    expect(r.body.entry[3].response.status).toBe('200 OK');
    expect((await s.fhir('GET', `Patient/${victim.body.id}`)).status).toBe(410);
  });

  it('records the transaction under the patients whose compartment its resources are in, not every patient they mention', async () => {
    const owner = await s.fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Owner' }] });
    const mentioned = await s.fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Mentioned' }] });
    const r = await s.fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          // focus names a patient the observation is about in part, but it is not in that patient's compartment
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { text: 'family history note' },
            subject: { reference: `Patient/${owner.body.id}` },
            focus: [{ reference: `Patient/${mentioned.body.id}` }],
          },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    });
    expect(r.status).toBe(200);
    const written = r.body.entry[0].response.location; // Observation/<id>/_history/1
    const recordsOf = async (pid: string) =>
      (await s.fhir('GET', `AuditEvent?patient=${pid}&action=transaction`)).body.entry?.filter((e: any) =>
        e.resource.entity.some((x: any) => x.what?.reference === written),
      ) ?? [];
    expect(await recordsOf(owner.body.id)).toHaveLength(1);
    expect(await recordsOf(mentioned.body.id)).toHaveLength(0);
  });

  it('honours ifNoneExist inside a transaction', async () => {
    const b = () => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { resourceType: 'Practitioner', identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }] },
          request: { method: 'POST', url: 'Practitioner', ifNoneExist: 'identifier=http://hl7.org/fhir/sid/us-npi|1234567893' },
        },
      ],
    });
    const a = await s.fhir('POST', '', b());
    const c = await s.fhir('POST', '', b());
    expect(a.body.entry[0].response.status).toBe('201 Created');
    expect(c.body.entry[0].response.status).toBe('200 OK');
    expect(c.body.entry[0].resource.id).toBe(a.body.entry[0].resource.id);
  });
});

describe('batch', () => {
  it('runs entries independently and reports each outcome', async () => {
    const r = await s.fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: { resourceType: 'Patient', name: [{ family: 'BatchOk' }] }, request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Patient', birthDate: 'nope' }, request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: 'Patient/missing-one' } },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('batch-response');
    expect(r.body.entry[0].response.status).toBe('201 Created');
    expect(r.body.entry[1].response.status).toBe('422');
    expect(r.body.entry[1].response.outcome.resourceType).toBe('OperationOutcome');
    expect(r.body.entry[2].response.status).toBe('404');
    expect(await count('Patient', 'family=BatchOk')).toBe(1);
  });

  it('rejects a Bundle that is neither batch nor transaction', async () => {
    const r = await s.fhir('POST', '', { resourceType: 'Bundle', type: 'collection', entry: [] });
    expect(r.status).toBe(400);
  });
});
