import { describe, expect, it } from 'vitest';
import type { TextRow } from './index-rows.ts';
import { narrativeText, textRows } from './text-rows.ts';

describe('full-text rows', () => {
  it('take the narrative without markup, entities decoded', () => {
    expect(narrativeText('<div><p>Café&amp;<b>tea</b>&#233;&#x41;</p></div>').replace(/\s+/g, ' ').trim()).toBe('Café& tea éA');
  });

  it('_text is the narrative, _content every text value, normalised, without ids, urls or ciphertexts', () => {
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
        identifier: [{ value: 'hale-enc:v1:k1:abc' }],
      },
      out,
    );
    expect(out.map((r) => r.param)).toEqual(['_text', '_content']);
    expect(out[0]!.text.trim()).toBe('tres  bien');
    const words = out[1]!.text.split(/\s+/).filter((w) => w);
    expect(words).toEqual(['tres', 'bien', 'generated', 'glucose', '2339-0', 'ann', 'o', 'fasting']);
  });

  it('give no rows for a resource without text', () => {
    const out: TextRow[] = [];
    textRows({ resourceType: 'Basic', id: 'x' }, out);
    expect(out).toEqual([]);
  });
});
