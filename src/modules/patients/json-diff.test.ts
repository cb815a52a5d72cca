import { describe, expect, it } from 'vitest';
import { diffJson } from './json-diff.ts';

describe('diffJson', () => {
  it('lists changed, added and removed leaves by path, and ignores meta', () => {
    const before = {
      meta: { versionId: '1' },
      name: [{ family: 'Smith', given: ['Jon'] }],
      telecom: [{ system: 'phone', value: '1' }],
      gender: 'male',
    };
    const after = {
      meta: { versionId: '2' },
      name: [{ family: 'Smyth', given: ['Jon', 'Paul'] }],
      telecom: [],
      birthDate: '1984-03-12',
      gender: 'male',
    };
    expect(diffJson(before, after)).toEqual([
      { path: 'name[0].family', before: 'Smith', after: 'Smyth' },
      { path: 'name[0].given[1]', before: null, after: 'Paul' },
      { path: 'telecom[0].system', before: 'phone', after: null },
      { path: 'telecom[0].value', before: '1', after: null },
      { path: 'birthDate', before: null, after: '1984-03-12' },
    ]);
  });

  it('shows a long value by its size', () => {
    const photo = 'A'.repeat(5000);
    expect(diffJson({}, { photo: [{ data: photo }] })).toEqual([{ path: 'photo[0].data', before: null, after: '[5000 characters]' }]);
  });
});
