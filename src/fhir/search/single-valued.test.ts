/** Which date parameters have one index row per resource, from the R4 definitions. */
import { describe, expect, it } from 'vitest';
import { hasOneDateRow } from './single-valued.ts';

describe('hasOneDateRow', () => {
  it('holds for a single date, period or choice of them', () => {
    expect(hasOneDateRow('Patient', 'birthdate')).toBe(true); // Patient.birthDate 0..1
    expect(hasOneDateRow('Encounter', 'date')).toBe(true); // Encounter.period 0..1
    expect(hasOneDateRow('Condition', 'onset-date')).toBe(true); // onset as dateTime | as Period
    expect(hasOneDateRow('Procedure', 'date')).toBe(true); // performed[x]: dateTime, Period, string, Age, Range
  });

  it('does not hold where a value repeats, or for other parameter types', () => {
    expect(hasOneDateRow('Observation', 'date')).toBe(false); // effective[x] may be a Timing with many events
    expect(hasOneDateRow('Observation', 'code')).toBe(false); // a token: a CodeableConcept has many codings
    expect(hasOneDateRow('Patient', 'name')).toBe(false);
    expect(hasOneDateRow('Patient', 'no-such-param')).toBe(false);
  });
});
