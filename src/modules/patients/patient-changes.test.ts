/**
 * "Who changed what, when" through the real server: each version of a Patient with its
 * author (display name and role, from the write's audit record) and the fields that
 * changed, whichever path wrote it (the registration API, FHIR update, a Bundle).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../fhir/acting-context.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import { minimalRegistration, startKit, type Kit } from './patient-test-kit.ts';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
}, 120_000);
afterAll(() => k?.stop());

describe('changes', () => {
  it('lists every version with who wrote it and the fields that changed', async () => {
    const reg = minimalRegistration('Changes', 'Carla', '1990-10-10', {
      identifiers: [{ type: 'national', system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-11-2222' }],
      phones: [{ use: 'mobile', value: '555 010 0001' }],
    });
    const { id } = await k.register(reg, 'reception');
    const form = (await k.api('doctor', 'GET', `/api/v1/patients/${id}/registration`)).body;
    const edit = await k.api('doctor', 'PUT', `/api/v1/patients/${id}`, {
      ...form,
      name: { ...form.name, family: 'Changes-Smith' },
      identifiers: [{ type: 'national', system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-11-3333' }],
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const current = (await k.s.fhir('GET', `Patient/${id}`)).body;
    expect((await k.s.fhir('PUT', `Patient/${id}`, { ...current, gender: 'female' })).status).toBe(200);

    const r = await k.api('reception', 'GET', `/api/v1/patients/${id}/changes`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.total).toBe(3);
    const [v3, v2, v1] = r.body.versions;
    expect(v3).toMatchObject({
      versionId: 3,
      action: 'update',
      who: { userId: k.userIds.admin, username: 'admin', roles: ['admin'] },
      changes: [{ path: 'gender', before: 'unknown', after: 'female' }],
    });
    expect(v2).toMatchObject({ versionId: 2, action: 'update', who: { display: 'Dr Dana Doe', roles: ['doctor'] } });
    // The national id is encrypted in the store; the history shows it in clear to whoever may read it.
    expect(v2.changes).toEqual(
      expect.arrayContaining([
        { path: 'name[0].family', before: 'Changes', after: 'Changes-Smith' },
        { path: 'identifier[1].value', before: '999-11-2222', after: '999-11-3333' },
      ]),
    );
    expect(v2.changes.every((c: { path: string }) => !c.path.startsWith('meta'))).toBe(true);
    expect(v1).toMatchObject({ versionId: 1, action: 'create', who: { display: 'Rita Reception', roles: ['receptionist'] } });
    expect(v1.changes).toContainEqual({ path: 'birthDate', before: null, after: '1990-10-10' });
    expect(new Date(v1.when).getTime()).toBeLessThanOrEqual(new Date(v3.when).getTime());
  });

  it('pages, and says when no audit record names a version', async () => {
    const { id } = await k.register(minimalRegistration('Paging', 'Pia', '1991-01-01'));
    // A version written by the system (an import) has no author on record.
    const current = (await k.s.fhir('GET', `Patient/${id}`)).body;
    await new FhirRepository(k.s.hale.db, systemContext('import'), k.s.hale.guard).update('Patient', id, { ...current, gender: 'male' });
    const page = await k.api('reception', 'GET', `/api/v1/patients/${id}/changes?limit=1`);
    expect(page.body.total).toBe(2);
    expect(page.body.versions).toHaveLength(1);
    expect(page.body.versions[0]).toMatchObject({
      versionId: 2,
      who: null,
      changes: [{ path: 'gender', before: 'unknown', after: 'male' }],
    });
    const next = await k.api('reception', 'GET', `/api/v1/patients/${id}/changes?limit=1&offset=1`);
    expect(next.body.versions[0]).toMatchObject({ versionId: 1, action: 'create' });
  });

  it('is a history read: a patient that does not exist is a 404', async () => {
    expect((await k.api('reception', 'GET', '/api/v1/patients/no-such-patient/changes')).status).toBe(404);
  });
});
