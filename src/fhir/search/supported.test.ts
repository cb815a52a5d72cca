import { describe, expect, it } from 'vitest';
import { parseSearchRequest } from './parse.ts';
import { supportedSearchParams } from './supported.ts';

describe('supportedSearchParams', () => {
  it('lists _id, _lastUpdated and the indexed parameters with their definitions', () => {
    const params = supportedSearchParams('Observation');
    const byName = new Map(params.map((p) => [p.name, p]));
    expect(byName.get('_id')).toMatchObject({ type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/Resource-id' });
    expect(byName.get('_lastUpdated')?.type).toBe('date');
    expect(byName.get('code')).toMatchObject({
      type: 'token',
      definition: 'http://hl7.org/fhir/SearchParameter/clinical-code',
      documentation: 'The code of the observation type',
    });
    expect(byName.get('value-quantity')?.type).toBe('quantity');
    expect(byName.get('patient')?.type).toBe('reference');
    // Not searchable here: composite and special parameters, and _text/_content.
    for (const name of ['code-value-quantity', 'combo-code-value-concept', '_text', '_content', '_query'])
      expect(byName.has(name), name).toBe(false);
    expect(new Set(params.map((p) => p.name)).size).toBe(params.length);
  });

  it('lists exactly what parse accepts', () => {
    const sample: Record<string, string> = {
      token: 'x',
      string: 'x',
      date: '2020',
      reference: 'x',
      number: '1',
      quantity: '1',
      uri: 'http://x',
    };
    for (const type of ['Patient', 'Observation', 'Encounter', 'Condition', 'MedicationRequest', 'ValueSet', 'Bundle']) {
      for (const p of supportedSearchParams(type)) {
        const value = p.name === '_id' ? 'abc' : sample[p.type]!;
        expect(
          () => parseSearchRequest(type, new URLSearchParams({ [p.name]: value }), { lenient: false }),
          `${type}?${p.name}`,
        ).not.toThrow();
      }
    }
  });
});
