import { describe, expect, it } from 'vitest';
import { withReferencesRewritten } from './reference-rewrite.ts';

describe('withReferencesRewritten', () => {
  const map = new Map([
    ['urn:uuid:patient-1', 'Patient/p1'],
    ['Practitioner?identifier=npi|42', 'Practitioner/dr42'],
  ]);

  it('rewrites every string equal to a key, at any depth, and leaves the resource it was given as it was', () => {
    const given = {
      resourceType: 'Encounter',
      subject: { reference: 'urn:uuid:patient-1' },
      participant: [{ individual: { reference: 'Practitioner?identifier=npi|42' } }],
      extension: [{ url: 'http://example.org/x', valueUri: 'urn:uuid:patient-1' }],
      length: { value: 30, unit: 'min' },
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">urn:uuid:patient-1</div>' },
    };
    const before = structuredClone(given);
    const copy = withReferencesRewritten(given, map);
    expect(copy).toEqual({
      ...before,
      subject: { reference: 'Patient/p1' },
      participant: [{ individual: { reference: 'Practitioner/dr42' } }],
      extension: [{ url: 'http://example.org/x', valueUri: 'Patient/p1' }],
    });
    // A retried transaction starts again from these.
    expect(given).toEqual(before);
    expect(copy.participant[0]).not.toBe(given.participant[0]);
  });

  it('keeps a "__proto__" key of JSON as an own property, as JSON.parse does', () => {
    const given = JSON.parse('{"resourceType":"Basic","__proto__":{"reference":"urn:uuid:patient-1"}}') as Record<string, unknown>;
    const copy = withReferencesRewritten(given, map) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ reference: 'Patient/p1' });
  });
});
