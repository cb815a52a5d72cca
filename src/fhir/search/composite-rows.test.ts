/** Composite and :of-type rows: component values paired per element, never across elements. */
import { describe, expect, it } from 'vitest';
import { extractSearchRows, type IndexableResource } from './extract.ts';

const rowsOf = (r: IndexableResource, param: string) =>
  extractSearchRows(r)
    .composite.filter((c) => c.param === param)
    .map((c) => c.slots.map((s) => [s.system, s.code, s.num, s.low].filter((v) => v !== null).join(' ')));

describe('composite rows', () => {
  const bp = {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
    component: [
      { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 120, code: 'mm[Hg]' } },
      { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 80, code: 'mm[Hg]' } },
    ],
  };

  it('pair each component code with its own value only', () => {
    expect(rowsOf(bp, 'component-code-value-quantity')).toEqual([
      ['http://loinc.org 8480-6', 'mm[Hg] 120'],
      ['http://loinc.org 8462-4', 'mm[Hg] 80'],
    ]);
    // The Observation itself has no value: only its components give combo rows.
    expect(rowsOf(bp, 'combo-code-value-quantity')).toHaveLength(2);
    expect(rowsOf(bp, 'code-value-quantity')).toEqual([]);
  });

  it('combine every coding of a concept with the value, and dates with their range', () => {
    const obs = {
      resourceType: 'Observation',
      status: 'final',
      code: {
        coding: [
          { system: 'http://loinc.org', code: '8310-5' },
          { system: 'urn:local', code: 'T' },
        ],
      },
      valueDateTime: '2021-03',
    };
    expect(rowsOf(obs, 'code-value-date')).toEqual([
      ['http://loinc.org 8310-5', '2021-03-01T00:00:00.000Z'],
      ['urn:local T', '2021-03-01T00:00:00.000Z'],
    ]);
  });

  it('follow the definitions for three components, %resource, and the R4 relatesTo erratum', () => {
    const seq = {
      resourceType: 'MolecularSequence',
      coordinateSystem: 0,
      referenceSeq: { chromosome: { coding: [{ system: 'urn:chr', code: '1' }] }, windowStart: 10, windowEnd: 20 },
      variant: [{ start: 12, end: 13 }],
    };
    expect(rowsOf(seq, 'chromosome-variant-coordinate')).toEqual([['urn:chr 1', '12', '13']]);
    const doc = {
      resourceType: 'DocumentReference',
      status: 'current',
      content: [{ attachment: { url: 'http://x' } }],
      relatesTo: [{ code: 'replaces', target: { reference: 'DocumentReference/old' } }],
    };
    // relatesto (the reference) first, relation (the code) second, as the definition orders them.
    expect(rowsOf(doc, 'relationship')).toEqual([['DocumentReference old', 'replaces']]);
  });

  it(':of-type rows hold each type coding with the identifier it types', () => {
    const p = {
      resourceType: 'Patient',
      identifier: [
        { system: 'urn:mrn', value: 'M1', type: { coding: [{ system: 'urn:v2', code: 'MR' }] } },
        { system: 'urn:dl', value: 'D1' }, // untyped: no row
      ],
    };
    expect(rowsOf(p, 'identifier')).toEqual([['urn:v2 MR', 'urn:mrn M1']]);
  });
});
