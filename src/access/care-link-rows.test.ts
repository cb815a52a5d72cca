import { describe, expect, it } from 'vitest';
import { careLinkRows, isPatientless } from './care-link-rows.ts';
import type { ReferenceRow } from '../fhir/search/index-rows.ts';

const ref = (param: string, targetType: string | null, targetId: string | null): ReferenceRow => ({
  param,
  targetType,
  targetId,
  url: null,
});

describe('careLinkRows', () => {
  it('pairs every patient of a care team with every practitioner in it, once each, and nobody else', () => {
    const rows = careLinkRows('CareTeam', 'ct1', [
      ref('subject', 'Patient', 'p1'),
      ref('patient', 'Patient', 'p1'),
      ref('participant', 'Practitioner', 'dr1'),
      ref('participant', 'Practitioner', 'dr1'), // listed twice (two roles)
      ref('participant', 'Practitioner', 'dr2'),
      ref('participant', 'RelatedPerson', 'rp1'),
      ref('participant', 'Organization', 'org1'),
      ref('participant', null, null), // an external reference
    ]);
    expect(rows).toEqual([
      { actorType: 'Practitioner', actorId: 'dr1', patientId: 'p1', kind: 'care-team' },
      { actorType: 'Practitioner', actorId: 'dr2', patientId: 'p1', kind: 'care-team' },
    ]);
  });

  it('takes an appointment patient and practitioner from the same actor parameter', () => {
    expect(
      careLinkRows('Appointment', 'a1', [
        ref('actor', 'Patient', 'p1'),
        ref('actor', 'Practitioner', 'dr1'),
        ref('actor', 'Location', 'l1'),
      ]),
    ).toEqual([{ actorType: 'Practitioner', actorId: 'dr1', patientId: 'p1', kind: 'appointment' }]);
  });

  it("links a patient to their general practitioner and managing organization, and a group's encounter to nobody", () => {
    expect(
      careLinkRows('Patient', 'p1', [
        ref('general-practitioner', 'Practitioner', 'dr1'),
        ref('general-practitioner', 'Organization', 'clinic'), // an organization as GP is not a clinician
        ref('organization', 'Organization', 'org1'),
      ]),
    ).toEqual([
      { actorType: 'Practitioner', actorId: 'dr1', patientId: 'p1', kind: 'care-team' },
      { actorType: 'Organization', actorId: 'org1', patientId: 'p1', kind: 'organization' },
    ]);
    expect(careLinkRows('Encounter', 'e1', [ref('subject', 'Group', 'g1'), ref('participant', 'Practitioner', 'dr1')])).toEqual([]);
    expect(careLinkRows('Observation', 'o1', [ref('subject', 'Patient', 'p1'), ref('performer', 'Practitioner', 'dr1')])).toEqual([]);
  });
});

describe('isPatientless', () => {
  it("is patient data naming no patient through its compartment's parameters", () => {
    expect(isPatientless('Observation', [ref('device', 'Device', 'd1')])).toBe(true);
    expect(isPatientless('Observation', [ref('focus', 'Patient', 'p1')])).toBe(true); // focus is not a compartment parameter
    expect(isPatientless('Observation', [ref('subject', 'Patient', 'p1')])).toBe(false);
    expect(isPatientless('Observation', [ref('performer', 'Patient', 'p1')])).toBe(false);
    expect(isPatientless('Observation', [ref('subject', 'Group', 'g1')])).toBe(true);
    expect(isPatientless('Patient', [])).toBe(false);
    expect(isPatientless('Practitioner', [])).toBe(false); // not patient data
  });
});
