import { describe, expect, it } from 'vitest';
import { findMrn, isValidMrn, luhnCheckDigit, mrnIdentifier, mrnOf } from './mrn.ts';

describe('MRNs', () => {
  it('carry a Luhn check digit that catches a mistyped digit and a swap of neighbours', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3'); // the textbook example
    const mrn = mrnOf(10000042);
    expect(mrn).toMatch(/^\d{9}$/);
    expect(isValidMrn(mrn)).toBe(true);
    for (let i = 0; i < 8; i++) {
      const typo = mrn.slice(0, i) + String((Number(mrn[i]) + 1) % 10) + mrn.slice(i + 1);
      expect(isValidMrn(typo), typo).toBe(false);
    }
    expect(isValidMrn(mrn[1]! + mrn[0]! + mrn.slice(2))).toBe(mrn[0] === mrn[1]);
  });

  it('have 8 digits before the check digit', () => {
    expect(mrnOf(1)).toBe(`00000001${luhnCheckDigit('00000001')}`);
    expect(() => mrnOf(100_000_000)).toThrow(RangeError);
  });

  it("are found among a patient's identifiers by system, else by type MR", () => {
    const own = mrnIdentifier('100000428');
    const other = { type: { coding: [{ code: 'MR' }] }, system: 'https://elsewhere/mrn', value: 'X-1' };
    expect(findMrn([other, own])).toBe(own);
    expect(findMrn([other])).toBe(other);
    expect(findMrn([{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '1' }])).toBeUndefined();
  });
});
