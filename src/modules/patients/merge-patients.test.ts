/**
 * Merging two records of one person through the real server: an Encounter and an
 * Observation of the source move to the target, the links and `active` change, a
 * Provenance records it, and an administrator's undo puts every reference back; the
 * refusals (self, inactive or merged target, undo by a non-admin, undo twice) are clear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalRegistration, startKit, type Kit } from './patient-test-kit.ts';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
}, 120_000);
afterAll(() => k?.stop());

/** Two registrations of one person, the duplicate with an Encounter and an Observation of its own. */
async function duplicatePair(tag: string) {
  const target = await k.register(minimalRegistration(`Merge${tag}`, 'Mia', '1975-05-05'));
  const source = await k.register(minimalRegistration(`Merge${tag}`, 'Mia', '1975-05-05'));
  const enc = await k.s.fhir('POST', 'Encounter', {
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${source.id}`, display: 'Mia (duplicate)' },
  });
  expect(enc.status, JSON.stringify(enc.body)).toBe(201);
  const obs = await k.s.fhir('POST', 'Observation', {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: `Patient/${source.id}` },
    encounter: { reference: `Encounter/${enc.body.id}` },
    performer: [{ reference: 'Practitioner/prac-doe' }],
    valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  });
  expect(obs.status, JSON.stringify(obs.body)).toBe(201);
  return { source: source.id, target: target.id, encounter: enc.body.id as string, observation: obs.body.id as string };
}

const merge = (body: unknown, who: 'admin' | 'reception' | 'doctor' = 'admin') => k.api(who, 'POST', '/api/v1/patients/merge', body);

describe('merge', () => {
  it('moves every reference to the target, links the two records, and undo puts it all back', async () => {
    const p = await duplicatePair('A');
    const r = await merge({ sourceId: p.source, targetId: p.target, reason: 'Registered twice at the front desk' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ sourceId: p.source, targetId: p.target, mergeId: expect.any(String) });
    expect(r.body.moved).toEqual(
      expect.arrayContaining([
        { resource: `Encounter/${p.encounter}`, paths: ['subject'] },
        { resource: `Observation/${p.observation}`, paths: ['subject'] },
      ]),
    );

    const enc = (await k.s.fhir('GET', `Encounter/${p.encounter}`)).body;
    expect(enc.subject).toEqual({ reference: `Patient/${p.target}` });
    expect((await k.s.fhir('GET', `Observation/${p.observation}`)).body.subject.reference).toBe(`Patient/${p.target}`);
    const source = (await k.s.fhir('GET', `Patient/${p.source}`)).body;
    expect(source.active).toBe(false);
    expect(source.link).toEqual([{ other: { reference: `Patient/${p.target}` }, type: 'replaced-by' }]);
    const target = (await k.s.fhir('GET', `Patient/${p.target}`)).body;
    expect(target.link).toEqual([{ other: { reference: `Patient/${p.source}` }, type: 'replaces' }]);
    // The target's record now holds both.
    const found = (await k.s.fhir('GET', `Observation?subject=Patient/${p.target}`)).body;
    expect(found.total).toBe(1);

    const record = (await k.s.fhir('GET', `Provenance/${r.body.mergeId}`)).body;
    expect(record.activity.coding[0].code).toBe('merge');
    expect(record.reason[0].text).toBe('Registered twice at the front desk');
    expect(record.target.map((t: { reference: string }) => t.reference)).toEqual(
      expect.arrayContaining([`Encounter/${p.encounter}/_history/2`, `Patient/${p.source}/_history/2`]),
    );

    // The merge is in the audit trail as a write of every moved resource.
    const audited = (
      await k.s.hale.db.query<{ detail: { resources: string[] } }>(
        `SELECT detail FROM audit_event WHERE request_id = $1 AND action = 'transaction'`,
        [r.headers.get('x-request-id')],
      )
    ).rows;
    expect(audited[0]!.detail.resources).toEqual(expect.arrayContaining([`Encounter/${p.encounter}`, `Observation/${p.observation}`]));

    const undo = await k.api('admin', 'POST', `/api/v1/patients/merge/${r.body.mergeId}/undo`);
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    expect(undo.body.restored.sort()).toEqual([`Encounter/${p.encounter}`, `Observation/${p.observation}`].sort());
    const encBack = (await k.s.fhir('GET', `Encounter/${p.encounter}`)).body;
    expect(encBack.subject).toEqual({ reference: `Patient/${p.source}`, display: 'Mia (duplicate)' });
    expect((await k.s.fhir('GET', `Observation/${p.observation}`)).body.subject.reference).toBe(`Patient/${p.source}`);
    const sourceBack = (await k.s.fhir('GET', `Patient/${p.source}`)).body;
    expect(sourceBack.active).toBe(true);
    expect(sourceBack.link).toBeUndefined();
    expect((await k.s.fhir('GET', `Patient/${p.target}`)).body.link).toBeUndefined();

    const twice = await k.api('admin', 'POST', `/api/v1/patients/merge/${r.body.mergeId}/undo`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already undone/);
  });

  it('keeps edits made after the merge when undoing it', async () => {
    const p = await duplicatePair('B');
    const r = await merge({ sourceId: p.source, targetId: p.target, reason: 'Same person, two MRNs' });
    const enc = (await k.s.fhir('GET', `Encounter/${p.encounter}`)).body;
    expect((await k.s.fhir('PUT', `Encounter/${p.encounter}`, { ...enc, status: 'cancelled' })).status).toBe(200);
    expect((await k.api('admin', 'POST', `/api/v1/patients/merge/${r.body.mergeId}/undo`)).status).toBe(200);
    const back = (await k.s.fhir('GET', `Encounter/${p.encounter}`)).body;
    expect(back).toMatchObject({ status: 'cancelled', subject: { reference: `Patient/${p.source}` } });
  });

  it('lets only administrators undo a merge', async () => {
    const p = await duplicatePair('C');
    const r = await merge({ sourceId: p.source, targetId: p.target, reason: 'Duplicate registration' });
    for (const who of ['reception', 'doctor'] as const) {
      const denied = await k.api(who, 'POST', `/api/v1/patients/merge/${r.body.mergeId}/undo`);
      expect(denied.status).toBe(403);
    }
    expect((await k.s.fhir('GET', `Encounter/${p.encounter}`)).body.subject.reference).toBe(`Patient/${p.target}`);
  });

  it('refuses a merge into itself, into an inactive or merged record, or of a merged one', async () => {
    const p = await duplicatePair('D');
    const self = await merge({ sourceId: p.source, targetId: p.source, reason: 'oops, same id' });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toMatch(/into itself/);

    const inactive = await k.register(minimalRegistration('Inactive', 'Ian', '1960-01-01'));
    expect((await k.api('reception', 'POST', `/api/v1/patients/${inactive.id}/deactivate`, { reason: 'Registered in error' })).status).toBe(
      200,
    );
    const intoInactive = await merge({ sourceId: p.source, targetId: inactive.id, reason: 'Same person' });
    expect(intoInactive.status).toBe(409);
    expect(intoInactive.body.error.message).toMatch(/inactive/);

    expect((await merge({ sourceId: p.source, targetId: p.target, reason: 'Same person' })).status).toBe(200);
    const again = await merge({ sourceId: p.source, targetId: p.target, reason: 'Same person' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already merged/);
    const third = await k.register(minimalRegistration('MergeD', 'Mia', '1975-05-05'));
    const intoMerged = await merge({ sourceId: third.id, targetId: p.source, reason: 'Same person' });
    expect(intoMerged.status).toBe(409);
    expect(intoMerged.body.error.message).toMatch(new RegExp(`merged into Patient/${p.target}`));
  });

  it('needs the right to write everything it moves: a receptionist cannot move clinical records', async () => {
    const p = await duplicatePair('E');
    const r = await merge({ sourceId: p.source, targetId: p.target, reason: 'Duplicate registration' }, 'reception');
    expect(r.status).toBe(403);
    expect((await k.s.fhir('GET', `Patient/${p.source}`)).body.active).toBe(true);
    expect((await k.s.fhir('GET', `Encounter/${p.encounter}`)).body.subject.reference).toBe(`Patient/${p.source}`);
  });

  it('names missing fields', async () => {
    const r = await merge({ sourceId: 'a' });
    expect(r.status).toBe(422);
    expect(r.body.error.details.map((d: { field: string }) => d.field)).toEqual(['targetId', 'reason']);
  });
});
