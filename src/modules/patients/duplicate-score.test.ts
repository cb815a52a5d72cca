import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  DUPLICATE_THRESHOLD,
  birthDateScore,
  editDistance,
  nameSimilarity,
  scoreDuplicate,
  type DuplicateProbe,
} from './duplicate-score.ts';

const patient = (family: string, given: string[], birthDate: string, extra: Partial<Patient> = {}): Patient => ({
  resourceType: 'Patient',
  name: [{ family, given }],
  birthDate,
  gender: 'male',
  ...extra,
});
const probe = (p: Partial<DuplicateProbe>): DuplicateProbe => ({ given: [], phones: [], identifiers: [], ...p });

describe('duplicate scoring', () => {
  it('measures names by edits, ignoring case and accents', () => {
    expect(editDistance('smith', 'smtih')).toBe(1);
    expect(nameSimilarity('Smith', 'SMTIH')).toBeCloseTo(0.8);
    expect(nameSimilarity('Müller', 'muller')).toBe(1);
    expect(nameSimilarity('Smith', undefined)).toBe(0);
  });

  it('reads birth dates with swapped day and month or one wrong digit as near', () => {
    expect(birthDateScore('1984-03-12', '1984-03-12')).toBe(1);
    expect(birthDateScore('1984-03-12', '1984-12-03')).toBe(0.6);
    expect(birthDateScore('1984-03-12', '1984-03-13')).toBe(0.5);
    expect(birthDateScore('1984-03-12', '1948-03-12')).toBe(0.5);
    expect(birthDateScore('1984-03-12', '1990-07-01')).toBe(0);
  });

  it('scores a typo in the family name with the same birth date well above the threshold', () => {
    const s = scoreDuplicate(
      probe({ family: 'Smtih', given: ['Jon'], birthDate: '1984-03-12', sex: 'male' }),
      patient('Smith', ['Jon'], '1984-03-12'),
    );
    expect(s.score).toBeGreaterThan(0.9);
    expect(s.matches).toEqual(['name', 'birthDate', 'sex']);
  });

  it('keeps a namesake born another day, and a stranger born the same day, below it', () => {
    const p = probe({ family: 'Smith', given: ['Jon'], birthDate: '1984-03-12' });
    expect(scoreDuplicate(p, patient('Smith', ['Jon'], '1991-05-20')).score).toBeLessThan(DUPLICATE_THRESHOLD);
    expect(scoreDuplicate(p, patient('Garcia', ['Maria'], '1984-03-12')).score).toBeLessThan(DUPLICATE_THRESHOLD);
  });

  it('finds first and last name swapped, a shared phone, and takes an identifier as near-proof', () => {
    const swapped = scoreDuplicate(probe({ family: 'Smith', given: ['Jon'] }), patient('Jon', ['Smith'], '1984-03-12'));
    expect(swapped.score).toBe(0.9);
    const phone = scoreDuplicate(
      probe({ family: 'Smith', phones: ['16175552368'] }),
      patient('Smith', [], '1984-03-12', { telecom: [{ system: 'phone', value: '(617) 555-2368' }] }),
    );
    expect(phone).toEqual({ score: 1, matches: ['name', 'phone'] });
    const id = scoreDuplicate(
      probe({ family: 'Lopes', identifiers: ['999654321'] }),
      patient('Lopez', ['Ana'], '1966-09-09', { identifier: [{ value: '999-65-4321' }] }),
    );
    expect(id.score).toBeGreaterThanOrEqual(0.9);
    expect(id.matches).toContain('identifier');
  });

  it('lowers, not rules out, a candidate of the other sex', () => {
    const same = scoreDuplicate(
      probe({ family: 'Smith', given: ['Jon'], birthDate: '1984-03-12', sex: 'male' }),
      patient('Smith', ['Jon'], '1984-03-12'),
    );
    const other = scoreDuplicate(
      probe({ family: 'Smith', given: ['Jon'], birthDate: '1984-03-12', sex: 'female' }),
      patient('Smith', ['Jon'], '1984-03-12'),
    );
    expect(other.score).toBeCloseTo(same.score - 0.1);
    expect(other.score).toBeGreaterThan(DUPLICATE_THRESHOLD);
  });
});
