/**
 * Field encryption as users meet it through /fhir/R4: a Patient's SSN and a Coverage's
 * subscriber id are never in the database in clear, yet reads return them, exact-match
 * search finds them, updates that change nothing write no version, and history shows them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

const SSN = '999-12-3456';
const patient = {
  resourceType: 'Patient',
  identifier: [
    { system: 'http://hospital.example/mrn', value: 'MRN-77' },
    {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'SS' }] },
      system: 'http://hl7.org/fhir/sid/us-ssn',
      value: SSN,
    },
  ],
  name: [{ family: 'Secret', given: ['Sam'] }],
};

it('stores the SSN encrypted, reads and finds it in clear', async () => {
  const c = await s.fhir('POST', 'Patient', patient);
  expect(c.status).toBe(201);
  const id = c.body.id as string;
  const raw = (await s.hale.db.query<{ content: string }>("SELECT content FROM resource WHERE resource_type = 'Patient' AND id = $1", [id]))
    .rows[0]!.content;
  expect(raw).not.toContain(SSN);
  expect(raw).not.toContain('123456');
  expect(raw).toContain('hale-enc:v1:');
  expect(raw).toContain('MRN-77'); // not sensitive: stays clear and searchable as before
  const idx = (
    await s.hale.db.query<{ code: string }>(
      "SELECT code FROM sp_token WHERE resource_type = 'Patient' AND resource_id = $1 AND param = 'identifier'",
      [id],
    )
  ).rows.map((r) => r.code);
  expect(idx).toContain('MRN-77');
  expect(idx.some((c) => c.includes('123456') || c.includes(SSN))).toBe(false);

  const read = await s.fhir('GET', `Patient/${id}`);
  expect(read.body.identifier[1].value).toBe(SSN);
  const found = await s.fhir('GET', `Patient?identifier=http://hl7.org/fhir/sid/us-ssn|${SSN}`);
  expect(found.body.entry.map((e: any) => e.resource.id)).toEqual([id]);
  expect(found.body.entry[0].resource.identifier[1].value).toBe(SSN);
  expect((await s.fhir('GET', 'Patient?identifier=http://hl7.org/fhir/sid/us-ssn|999-12-0000')).body.entry ?? []).toEqual([]);
  expect((await s.fhir('GET', 'Patient?identifier=http://hospital.example/mrn|MRN-77')).body.entry).toHaveLength(1);

  // Re-sending the same content writes no version, though every encryption differs.
  const same = await s.fhir('PUT', `Patient/${id}`, { ...read.body });
  expect(same.status).toBe(200);
  expect(same.headers.get('etag')).toBe('W/"1"');
  const changed = await s.fhir('PUT', `Patient/${id}`, { ...read.body, gender: 'female' });
  expect(changed.headers.get('etag')).toBe('W/"2"');
  const v1 = await s.fhir('GET', `Patient/${id}/_history/1`);
  expect(v1.body.identifier[1].value).toBe(SSN);
  // Deleting keeps the last content encrypted in history: versions 1 and 2 in their own
  // history rows, the deletion's (the last live content) in the resource row.
  await s.fhir('DELETE', `Patient/${id}`);
  const rows = (
    await s.hale.db.query<{ version_id: string; content: string | null }>(
      "SELECT version_id::text, content FROM resource_history WHERE resource_type = 'Patient' AND id = $1 ORDER BY version_id",
      [id],
    )
  ).rows;
  expect(rows.map((r) => [r.version_id, r.content === null])).toEqual([
    ['1', false],
    ['2', false],
    ['3', true],
  ]);
  for (const r of rows) if (r.content) expect(r.content).toContain('hale-enc:v1:');
  for (const r of rows) expect(r.content ?? '').not.toContain(SSN);
});

it('encrypts a Coverage subscriber id and finds the coverage by it', async () => {
  const p = await s.fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Covered' }] });
  const payor = await s.fhir('POST', 'Organization', { resourceType: 'Organization', name: 'Payer' });
  const cov = await s.fhir('POST', 'Coverage', {
    resourceType: 'Coverage',
    status: 'active',
    subscriberId: 'SUB-55501',
    beneficiary: { reference: `Patient/${p.body.id}` },
    payor: [{ reference: `Organization/${payor.body.id}` }],
  });
  expect(cov.status).toBe(201);
  const raw = (
    await s.hale.db.query<{ content: string }>("SELECT content FROM resource WHERE resource_type = 'Coverage' AND id = $1", [cov.body.id])
  ).rows[0]!.content;
  expect(raw).not.toContain('SUB-55501');
  expect((await s.fhir('GET', `Coverage/${cov.body.id}`)).body.subscriberId).toBe('SUB-55501');
});
