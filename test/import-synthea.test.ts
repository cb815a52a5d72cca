/**
 * Import of real Synthea output (../shared/data/synthea): every resource of the files is
 * in the store, per type, and every reference in the store resolves. Uses the same
 * import code as `hale import`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { hasSharedData, sharedDataPath } from './support/shared-data.ts';
import { importPath, repositorySink } from '../src/import/import-files.ts';
import { FhirRepository } from '../src/fhir/store/repository.ts';
import { systemContext } from '../src/fhir/acting-context.ts';

const available = hasSharedData('synthea', 'bundles');
const dir = sharedDataPath('synthea', 'bundles');

function countFiles(): Record<string, number> {
  const counts: Record<string, number> = {};
  const seen = new Set<string>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json.gz'))) {
    const b = JSON.parse(gunzipSync(readFileSync(`${dir}/${f}`)).toString('utf8')) as {
      entry: { resource: { resourceType: string; id?: string } }[];
    };
    for (const e of b.entry) {
      // Practitioners and organizations are listed once per file that needs them (ifNoneExist): count each once.
      const key = `${e.resource.resourceType}/${e.resource.id ?? Math.random()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      counts[e.resource.resourceType] = (counts[e.resource.resourceType] ?? 0) + 1;
    }
  }
  return counts;
}

describe.runIf(available)('Synthea import', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('stores every resource of the files, and re-importing creates no duplicates', async () => {
    const repo = new FhirRepository(s.hale.db, systemContext('test-import'));
    const summary = await importPath(dir, repositorySink(repo));
    expect(summary.failed).toEqual([]);
    const secs = summary.elapsedMs / 1000;
    console.log(
      `Synthea import (${s.hale.db.engine}): ${summary.resources} resources in ${secs.toFixed(1)} s = ${Math.round(summary.resources / secs)} resources/s`,
    );

    const expected = countFiles();
    const rows = (
      await s.hale.db.query<{ resource_type: string; n: string }>(
        'SELECT resource_type, count(*)::text AS n FROM resource WHERE NOT deleted GROUP BY resource_type',
      )
    ).rows;
    const actual = Object.fromEntries(rows.map((r) => [r.resource_type, Number(r.n)]));
    expect(actual).toEqual(expected);

    // Again: same counts, no new versions.
    const versionsBefore = (await s.hale.db.query<{ n: string }>('SELECT count(*)::text AS n FROM resource_history')).rows[0]!.n;
    const again = await importPath(dir, repositorySink(repo));
    expect(again.failed).toEqual([]);
    const versionsAfter = (await s.hale.db.query<{ n: string }>('SELECT count(*)::text AS n FROM resource_history')).rows[0]!.n;
    expect(versionsAfter).toBe(versionsBefore);
  });

  it('leaves every reference in the store resolvable', async () => {
    const ids = new Set(
      (await s.hale.db.query<{ k: string }>("SELECT resource_type || '/' || id AS k FROM resource WHERE NOT deleted")).rows.map((r) => r.k),
    );
    const unresolved: string[] = [];
    let checked = 0;
    const walk = (v: unknown, from: string) => {
      if (Array.isArray(v)) for (const x of v) walk(x, from);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'reference' && typeof x === 'string' && !x.startsWith('#')) {
            checked++;
            if (!ids.has(x)) unresolved.push(`${from} -> ${x}`);
          } else walk(x, from);
        }
      }
    };
    let offset = 0;
    for (;;) {
      const page = (
        await s.hale.db.query<{ resource_type: string; id: string; content: string }>(
          'SELECT resource_type, id, content FROM resource WHERE NOT deleted ORDER BY resource_type, id LIMIT 5000 OFFSET $1',
          [offset],
        )
      ).rows;
      if (!page.length) break;
      for (const r of page) walk(JSON.parse(r.content), `${r.resource_type}/${r.id}`);
      offset += page.length;
    }
    console.log(`references checked: ${checked}, unresolved: ${unresolved.length}`);
    expect(checked).toBeGreaterThan(100_000);
    expect(unresolved.slice(0, 10)).toEqual([]);
  });
});
