import { describe, expect, it } from 'vitest';
import type { TextRow } from './index-rows.ts';
import { narrativeText, textRows } from './text-rows.ts';

describe('full-text rows', () => {
  it('take the narrative without markup, entities decoded', () => {
    expect(narrativeText('<div><p>Café&amp;<b>tea</b>&#233;&#x41;</p></div>').replace(/\s+/g, ' ').trim()).toBe('Café& tea éA');
  });

  it('_text is the narrative, _content every text value, normalised, without ids, urls, dates, generated ids or ciphertexts', () => {
    const out: TextRow[] = [];
    textRows(
      {
        resourceType: 'Observation',
        id: 'secret-id',
        meta: { tag: [{ code: 'hidden-tag' }] },
        text: { status: 'generated', div: '<div>Très <i>bien</i></div>' },
        code: { text: 'Glucose', coding: [{ system: 'http://loinc.org', code: '2339-0' }] },
        subject: { reference: 'Patient/p1', display: 'Ann Ó' },
        note: [{ text: 'Fasting' }],
        identifier: [
          { value: 'hale-enc:v1:k1:abc' },
          { value: 'a21168ee-2427-477e-8034-5f25b1c385fe' },
          { value: 'urn:uuid:0d2c9b9e-0000-4000-8000-00000000000a' },
          { value: 'MRN-0048213' },
        ],
        effectiveDateTime: '2017-02-27T13:08:08.228Z',
        issued: '2017-02-27T13:08:08+01:00',
        valueString: '2017 was a good year',
      },
      out,
    );
    expect(out.map((r) => r.param)).toEqual(['_text', '_content']);
    expect(out[0]!.text.trim()).toBe('tres  bien');
    const words = out[1]!.text.split(/\s+/).filter((w) => w);
    // Dates, instants and generated ids are left out; a year inside text is text.
    expect(words).toEqual([
      'tres',
      'bien',
      'generated',
      'glucose',
      '2339-0',
      'ann',
      'o',
      'fasting',
      'mrn-0048213',
      '2017',
      'was',
      'a',
      'good',
      'year',
    ]);
  });

  it('give no rows for a resource without text', () => {
    const out: TextRow[] = [];
    textRows({ resourceType: 'Basic', id: 'x' }, out);
    expect(out).toEqual([]);
  });
});
