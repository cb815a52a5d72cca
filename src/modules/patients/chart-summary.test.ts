/**
 * The chart banner in one call, and a record's status (deactivate, reactivate, deceased),
 * through the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageText } from './chart-summary.ts';
import { fullRegistration, minimalRegistration, startKit, type Kit } from './patient-test-kit.ts';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
}, 120_000);
afterAll(() => k?.stop());

describe('chart summary', () => {
  it('gives the banner and the summary panel in one answer', async () => {
    const { id, mrn } = await k.register(fullRegistration());
    for (const [code, status] of [
      ['91935009', 'active'],
      ['300916003', 'active'],
      ['91936005', 'resolved'],
    ])
      await k.s.fhir('POST', 'AllergyIntolerance', {
        resourceType: 'AllergyIntolerance',
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: status }] },
        code: { coding: [{ system: 'http://snomed.info/sct', code }] },
        patient: { reference: `Patient/${id}` },
      });
    const r = await k.api('doctor', 'GET', `/api/v1/patients/${id}/chart-summary`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const b = r.body;
    expect(b.patient).toMatchObject({
      id,
      name: 'Ms Amelia Rose Hartley',
      preferredName: 'Millie',
      birthDate: '1988-04-23',
      age: expect.any(Number),
      sex: 'female',
      mrn,
      active: true,
      deceased: false,
    });
    expect(b.patient.photo).toMatch(/^data:image\/png;base64,/);
    expect(b.allergies).toEqual({ active: 2, flag: true });
    expect(b.coverages.map((c: { order: number; payer?: string }) => [c.order, c.payer])).toEqual([
      [1, 'Acme Health Insurance'],
      [2, 'State Medicaid'],
    ]);
    expect(b.contacts).toEqual([
      { name: 'Tom Hartley', relationship: 'C', relationshipDisplay: 'Emergency Contact', phone: '217 555 0100' },
    ]);
    expect(b.consents).toMatchObject({ shareWithFamily: true, research: false, marketingOptOut: true, version: '2024.2' });
    expect(b.generalPractitioner).toEqual({ reference: 'Practitioner/prac-doe', display: 'Dr Dana Doe' });
    expect(b.relatedPersons).toEqual([expect.objectContaining({ name: 'Tom Hartley', relationship: 'spouse', active: true })]);
    expect(b.restricted).toBeUndefined();
  });

  it("leaves out what the caller's role may not read, and says so", async () => {
    const { id } = await k.register(fullRegistration());
    const r = await k.api('reception', 'GET', `/api/v1/patients/${id}/chart-summary`);
    expect(r.status).toBe(200);
    expect(r.body.allergies).toBeNull();
    expect(r.body.restricted).toEqual(['allergies']);
    expect(r.body.coverages).toHaveLength(2);
  });

  it('writes ages the way a banner does', () => {
    expect(ageText('1988-04-23', '2025-04-22')).toBe('36 y');
    expect(ageText('2024-01-15', '2024-09-20')).toBe('8 mo');
    expect(ageText('2025-03-01', '2025-03-13')).toBe('12 d');
  });
});

describe('status', () => {
  it('deactivates with a reason, reactivates, and records a death', async () => {
    const { id } = await k.register(minimalRegistration('Status', 'Sam', '1950-02-02'));
    const noReason = await k.api('reception', 'POST', `/api/v1/patients/${id}/deactivate`, {});
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details).toEqual([{ field: 'reason', message: 'is required' }]);

    const off = await k.api('reception', 'POST', `/api/v1/patients/${id}/deactivate`, { reason: 'Registered in error' });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.patient.active).toBe(false);
    expect(off.body.patient.extension).toEqual([
      { url: 'https://hale.health/fhir/StructureDefinition/deactivation-reason', valueString: 'Registered in error' },
    ]);
    expect((await k.api('reception', 'POST', `/api/v1/patients/${id}/deactivate`, { reason: 'again' })).status).toBe(409);

    const on = await k.api('reception', 'POST', `/api/v1/patients/${id}/reactivate`, {});
    expect(on.status).toBe(200);
    expect(on.body.patient.active).toBe(true);
    expect(on.body.patient.extension).toBeUndefined();

    const future = await k.api('doctor', 'POST', `/api/v1/patients/${id}/deceased`, { dateTime: '2999-01-01T10:00:00Z' });
    expect(future.body.error.details).toEqual([{ field: 'dateTime', message: 'cannot be in the future' }]);
    const beforeBirth = await k.api('doctor', 'POST', `/api/v1/patients/${id}/deceased`, { dateTime: '1949-01-01' });
    expect(beforeBirth.body.error.details).toEqual([{ field: 'dateTime', message: 'cannot be before the date of birth (1950-02-02)' }]);
    const died = await k.api('doctor', 'POST', `/api/v1/patients/${id}/deceased`, { dateTime: '2024-11-05T06:30:00Z' });
    expect(died.status, JSON.stringify(died.body)).toBe(200);
    expect(died.body.patient.deceasedDateTime).toBe('2024-11-05T06:30:00Z');
    const banner = (await k.api('doctor', 'GET', `/api/v1/patients/${id}/chart-summary`)).body.patient;
    expect(banner).toMatchObject({ deceased: { dateTime: '2024-11-05T06:30:00Z' }, age: 74 });
  });

  it('is a Patient write for the access policy', async () => {
    const { id } = await k.register(minimalRegistration('Status', 'Sol', '1950-02-02'));
    const r = await k.api('billing', 'POST', `/api/v1/patients/${id}/deactivate`, { reason: 'Not mine to do' });
    expect(r.status).toBe(403);
  });
});
