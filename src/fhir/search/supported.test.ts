import { describe, expect, it } from 'vitest';
import { compositeParamsFor } from './composite-params.ts';
import { indexedParamsFor } from './indexed-params.ts';
import { parseSearchRequest } from './parse.ts';
import { supportedSearchParams } from './supported.ts';

describe('supportedSearchParams', () => {
  it('lists _id, _lastUpdated, the indexed and composite parameters, full text, _list and _has', () => {
    const params = supportedSearchParams('Observation');
    const byName = new Map(params.map((p) => [p.name, p]));
    expect(byName.get('_id')).toMatchObject({ type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/Resource-id' });
    expect(byName.get('_lastUpdated')?.type).toBe('date');
    expect(byName.get('code')).toMatchObject({
      type: 'token',
      definition: 'http://hl7.org/fhir/SearchParameter/clinical-code',
      modifiers: ['missing', 'not', 'text'],
    });
    expect(byName.get('code')!.documentation).toBe('The code of the observation type Modifiers: :missing, :not, :text.');
    expect(byName.get('value-quantity')?.type).toBe('quantity');
    expect(byName.get('subject')).toMatchObject({ type: 'reference', modifiers: ['missing', '[type]', 'identifier', 'below', 'above'] });
    expect(byName.get('subject')!.documentation).toContain('Chaining: subject.[parameter] or subject:[type].[parameter], up to 2 links.');
    expect(byName.get('code-value-quantity')).toMatchObject({ type: 'composite', modifiers: ['missing'] });
    expect(byName.get('combo-code-value-concept')?.type).toBe('composite');
    for (const name of ['_text', '_content', '_list', '_has', '_tag', '_profile', '_security']) expect(byName.has(name), name).toBe(true);
    expect(byName.get('_has')).toMatchObject({ type: 'special' });
    expect(byName.has('_query')).toBe(false);
    expect(new Set(params.map((p) => p.name)).size).toBe(params.length);
    expect(supportedSearchParams('Patient').find((p) => p.name === 'identifier')!.modifiers).toContain('of-type');
    expect(supportedSearchParams('Bundle').some((p) => p.name === '_text')).toBe(false); // no narrative
  });

  it('lists exactly what parse accepts, with every modifier it names', () => {
    const sample: Record<string, string> = {
      token: 'x',
      string: 'x',
      date: '2020',
      reference: 'x',
      number: '1',
      quantity: '1',
      uri: 'http://x',
      special: '',
    };
    const modifierValue: Record<string, string> = { missing: 'true', 'of-type': 'urn:s|MR|1', below: 'http://x', above: 'http://x' };
    for (const type of [
      'Patient',
      'Observation',
      'Encounter',
      'Condition',
      'MedicationRequest',
      'ValueSet',
      'Bundle',
      'MolecularSequence',
    ]) {
      for (const p of supportedSearchParams(type)) {
        if (p.name === '_has') continue; // a prefix, not a parameter: test/search-params.test.ts
        const composite = compositeParamsFor(type).get(p.name);
        const value =
          p.name === '_id' || p.name === '_list'
            ? 'abc'
            : composite
              ? composite.components[0]!.map((c) => sample[c.type]).join('$')
              : sample[p.type]!;
        const accepts = (key: string, v: string) =>
          expect(
            () => parseSearchRequest(type, new URLSearchParams({ [key]: v }), { lenient: false }),
            `${type}?${key}=${v}`,
          ).not.toThrow();
        accepts(p.name, value);
        for (const m of p.modifiers) {
          if (m === '[type]') {
            const target: string = indexedParamsFor(type).get(p.name)!.definition.target![0]!;
            accepts(`${p.name}:${target === 'Resource' ? 'Patient' : target}`, 'x');
          } else accepts(`${p.name}:${m}`, modifierValue[m] ?? value);
        }
      }
    }
  });
});
