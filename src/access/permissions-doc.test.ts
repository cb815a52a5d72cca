/** docs/access-control.md shows the role table; this keeps the page and the code the same. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CATEGORIES, ROLE_GRANTS } from './permissions.ts';

it('the documented role table is the one in code', () => {
  const doc = readFileSync(new URL('../../docs/access-control.md', import.meta.url), 'utf8');
  // Table cells compared without their padding (a formatter may align the columns).
  const rows = new Set(
    doc
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .map((l) => l.replace(/\s*\|\s*/g, '|')),
  );
  const cats = Object.keys(CATEGORIES) as (keyof typeof CATEGORIES)[];
  expect(rows).toContain(`|role|${cats.join('|')}|`);
  for (const [role, grants] of Object.entries(ROLE_GRANTS)) {
    expect(rows).toContain(`|${role}|${cats.map((c) => grants[c] ?? '–').join('|')}|`);
  }
  for (const [cat, types] of Object.entries(CATEGORIES)) expect(doc).toContain(`- **${cat}**: ${types.join(', ')}`);
});
