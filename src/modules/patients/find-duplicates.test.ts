/**
 * The duplicate check through the real server: a near-duplicate (a typo in the family name,
 * the same birth date) is found with its score and what matched; an unrelated patient and a
 * namesake born another day are not; a matching national id alone is near-proof.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUPLICATE_THRESHOLD } from './duplicate-score.ts';
import { minimalRegistration, startKit, type Kit } from './patient-test-kit.ts';

let k: Kit;
const ids: Record<string, string> = {};
const mrns: Record<string, string> = {};

beforeAll(async () => {
  k = await startKit();
  const people: [string, Record<string, unknown>][] = [
    ['smith', minimalRegistration('Smith', 'Jonathan', '1984-03-12', { sex: 'male', phones: [{ use: 'mobile', value: '617 555 2368' }] })],
    ['smith-1991', minimalRegistration('Smith', 'Jonathan', '1991-11-02', { sex: 'male' })],
    ['garcia', minimalRegistration('Garcia', 'Maria', '1984-03-12', { sex: 'female' })],
    [
      'lopez',
      minimalRegistration('Lopez', 'Ana', '1966-09-09', {
        sex: 'female',
        identifiers: [{ type: 'national', system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-65-4321' }],
      }),
    ],
  ];
  for (const [key, body] of people) {
    const r = await k.register(body);
    ids[key] = r.id;
    mrns[key] = r.mrn;
  }
}, 120_000);
afterAll(() => k?.stop());

const check = (body: unknown, who: 'reception' | 'billing' | 'nurse' = 'reception', query = '') =>
  k.api(who, 'POST', `/api/v1/patients/duplicates${query}`, body);

describe('duplicate check', () => {
  it('finds a near-duplicate (family name mistyped, same birth date) and not the unrelated patients', async () => {
    const r = await check(minimalRegistration('Smtih', 'Jonathan', '1984-03-12', { sex: 'male' }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.threshold).toBe(DUPLICATE_THRESHOLD);
    const found = r.body.candidates;
    expect(found.map((c: { id: string }) => c.id)).toEqual([ids.smith]);
    expect(found[0]).toEqual({
      id: ids.smith,
      summary: { name: 'Jonathan Smith', birthDate: '1984-03-12', sex: 'male', mrn: mrns.smith, active: true },
      score: expect.any(Number),
      matches: ['name', 'birthDate', 'sex'],
    });
    expect(found[0].score).toBeGreaterThan(0.85);
    expect(found[0].score).toBeLessThan(1);
    // Garcia shares the birth date only; the 1991 Smith shares the name only.
    expect(found.map((c: { id: string }) => c.id)).not.toContain(ids.garcia);
    expect(found.map((c: { id: string }) => c.id)).not.toContain(ids['smith-1991']);
  });

  it('ranks the exact match above a typo, and counts a shared phone', async () => {
    const r = await check({
      name: { family: 'Smith', given: ['Jonathan'] },
      birthDate: '1984-03-12',
      phones: [{ value: '(617) 555-2368' }],
    });
    expect(r.body.candidates[0]).toMatchObject({ id: ids.smith, score: 1, matches: ['name', 'birthDate', 'phone'] });
  });

  it('takes a matching national id as near-proof, whatever the name', async () => {
    const r = await check({ name: { family: 'Lopes' }, identifiers: [{ type: 'national', value: '999654321' }] });
    expect(r.body.candidates[0]).toMatchObject({ id: ids.lopez, matches: expect.arrayContaining(['identifier']) });
    expect(r.body.candidates[0].score).toBeGreaterThanOrEqual(0.9);
  });

  it('leaves out the record being edited', async () => {
    const r = await check(minimalRegistration('Smith', 'Jonathan', '1984-03-12'), 'reception', `?excludeId=${ids.smith}`);
    expect(r.body.candidates).toEqual([]);
  });

  it('names a malformed field, and needs something to look for', async () => {
    const bad = await check({ birthDate: '12/03/1984' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([{ field: 'birthDate', message: 'must be a date written YYYY-MM-DD' }]);
    const empty = await check({ sex: 'male' });
    expect(empty.status).toBe(400);
  });

  it('is audited as a Patient search, naming what was looked for and who came back', async () => {
    const r = await check(minimalRegistration('Smtih', 'Jonathan', '1984-03-12'));
    const requestId = r.headers.get('x-request-id');
    const rows = (
      await k.s.hale.db.query<{ action: string; resource_type: string; query: string; patient_ids: string[] }>(
        'SELECT action, resource_type, query, patient_ids FROM audit_event WHERE request_id = $1',
        [requestId],
      )
    ).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'search', resource_type: 'Patient' });
    expect(rows[0]!.query).toMatch(/check=duplicates/);
    expect(rows[0]!.patient_ids).toContain(ids.smith);
  });
});
