import { describe, expect, it } from 'vitest';
import { parseSearchRequest } from '../fhir/search/parse.ts';
import { startsFromClinicianPatients } from './access-scope.ts';

const starts = (type: string, query: string) =>
  startsFromClinicianPatients(parseSearchRequest(type, new URLSearchParams(query), { lenient: false }));

describe("when a clinician's search starts from their patients", () => {
  it('not when it names a patient, the resource, or another resource it refers to', () => {
    expect(starts('Observation', 'patient=p1&code=http://loinc.org|8867-4&_sort=-date')).toBe(false);
    expect(starts('Observation', 'subject=Patient/p1&code=http://loinc.org|8867-4&date=ge2025-01-01')).toBe(false);
    expect(starts('Observation', 'encounter=Encounter/e1&code=http://loinc.org|8867-4&_sort=-date')).toBe(false);
    expect(starts('Condition', '_id=c1,c2&_sort=-recorded-date')).toBe(false);
    expect(starts('Patient', '_id=p1&name=smith')).toBe(false);
  });

  it('not with one filter or none in the default order, which walk the matches in id order', () => {
    expect(starts('Observation', 'code=http://loinc.org|8867-4')).toBe(false);
    expect(starts('Observation', '')).toBe(false);
    expect(starts('Patient', 'name=smith')).toBe(false);
  });

  it('when it sorts or has several filters and names no row', () => {
    expect(starts('Observation', 'code=http://loinc.org|8867-4&date=ge2025-12-01')).toBe(true);
    expect(starts('Observation', 'code=http://loinc.org|8867-4&_sort=-date')).toBe(true);
    expect(starts('Patient', '_sort=family')).toBe(true);
    // A missing-value patient filter narrows nothing.
    expect(starts('Observation', 'subject:missing=true&_sort=-date')).toBe(true);
    // Nor does a chain through the patient name one: it may match half the hospital's patients.
    expect(starts('Encounter', 'subject:Patient.gender=female&_sort=-date')).toBe(true);
    expect(starts('Observation', 'patient.name=smith&code=http://loinc.org|8867-4')).toBe(true);
  });
});
