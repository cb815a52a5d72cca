import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mapCiphertexts } from './ciphertext-walk.ts';
import { ciphertextsInJsonText } from './ciphertexts-in-json-text.ts';

let n = 0;
/** A string shaped like a stored ciphertext (the scan looks at the prefix; nothing is decrypted here). */
const token = () => `hale-enc:v1:k1:${String(++n).padStart(4, '0')}${'A'.repeat(40)}`;

/** What the parse-based walk finds: the reference the scan must agree with. */
function byParse(json: string): { token: string; path: string }[] {
  const parsed = JSON.parse(json) as { resourceType?: unknown };
  const found: { token: string; path: string }[] = [];
  mapCiphertexts(parsed, typeof parsed.resourceType === 'string' ? parsed.resourceType : '', (token, path) => {
    found.push({ token, path });
    return token;
  });
  return found;
}

function scanned(json: string): { token: string; path: string }[] {
  const found = ciphertextsInJsonText(json);
  expect(found).toBeDefined();
  for (const c of found!) expect(JSON.parse(json.slice(c.start, c.end))).toBe(c.token);
  return found!.map(({ token, path }) => ({ token, path }));
}

describe('ciphertextsInJsonText', () => {
  it('finds each ciphertext with the path the parse-based walk gives, in document order', () => {
    const docs: unknown[] = [
      { resourceType: 'Patient', identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: token() }], name: [{ family: 'Ng' }] },
      // resourceType after the ciphertext, at the root and in a nested resource
      { identifier: [{ value: token() }], resourceType: 'Patient' },
      {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          { fullUrl: 'urn:uuid:1', resource: { identifier: [{ value: token() }], resourceType: 'Patient' } },
          {
            resource: {
              resourceType: 'Coverage',
              subscriberId: token(),
              contained: [{ resourceType: 'Patient', identifier: [{ value: token() }] }],
            },
          },
        ],
      },
      // strings in arrays, a ciphertext-looking key, a nested object whose resourceType is not a string
      {
        resourceType: 'Basic',
        note: [token(), 'plain', token()],
        [token()]: 'key, not value',
        extension: [{ resourceType: 7, valueString: token() }],
      },
      // escapes: in keys, before quotes, in the nested type's name
      { resourceType: 'Basic', 'we"ird\\key': { value: token() }, text: 'a \\" b \\\\', other: '\u00e9\u2028"', tail: token() },
      {
        resourceType: 'Parameters',
        parameter: [{ name: 'p', resource: { resourceType: 'Pat\u0069ent', identifier: [{ value: token() }] } }],
      },
      { resourceType: 'Patient', active: true, multipleBirthInteger: -2.5e3, deceasedBoolean: null, name: [], identifier: [{}] },
    ];
    for (const doc of docs) {
      for (const json of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
        const expected = byParse(json);
        expect(scanned(json)).toEqual(expected);
      }
    }
    // The escaped text really is there, so the literals above exercised the escape handling.
    expect(JSON.stringify(docs[4])).toContain('\\\\\\"');
    expect(byParse(JSON.stringify(docs[2])).map((c) => c.path)).toEqual([
      'Bundle.entry.resource.Patient.identifier.value',
      'Bundle.entry.resource.Coverage.subscriberId',
      'Bundle.entry.resource.Coverage.contained.Patient.identifier.value',
    ]);
  });

  it('agrees with the parse-based walk on a real Synthea bundle with ciphertexts put in every tenth string', () => {
    const dir = path.resolve(import.meta.dirname, '../../../shared/data/synthea/bundles');
    const file = readdirSync(dir)
      .filter((f) => !f.startsWith('0-'))
      .sort()[0]!;
    const bundle = JSON.parse(gunzipSync(readFileSync(path.join(dir, file))).toString('utf8')) as unknown;
    let k = 0;
    const plant = (node: unknown): unknown => {
      if (typeof node === 'string') return ++k % 10 === 0 ? token() : node;
      if (Array.isArray(node)) return node.map(plant);
      if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, v]) => [key, plant(v)]));
      return node;
    };
    const json = JSON.stringify(plant(bundle));
    const expected = byParse(json);
    expect(expected.length).toBeGreaterThan(1000);
    expect(new Set(expected.map((c) => c.path)).size).toBeGreaterThan(50);
    expect(scanned(json)).toEqual(expected);
  });

  it('gives up on text that is not one JSON object, so the caller parses it instead', () => {
    expect(ciphertextsInJsonText(`[${JSON.stringify(token())}]`)).toBeUndefined();
    expect(ciphertextsInJsonText(JSON.stringify(token()))).toBeUndefined();
    expect(ciphertextsInJsonText(`{"a":"${token()}"`)).toBeUndefined();
    expect(ciphertextsInJsonText(`{"a":"${token()}}`)).toBeUndefined();
    expect(ciphertextsInJsonText(`{"a":1}{"b":"${token()}"}`)).toBeUndefined();
  });
});
