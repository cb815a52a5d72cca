/**
 * Import of real Synthea output (../shared/data/synthea) with the `hale import` command,
 * as a user runs it: every resource of the files is in the store, per type, every
 * reference in the store resolves, and running it again creates no duplicates.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropSchema, testDatabaseUrl, uniqueSchema } from './support/test-server.ts';
import { hasSharedData, sharedDataPath } from './support/shared-data.ts';
import { runHaleCommand } from './support/child-server.ts';
import { openDatabase, embeddedDbDir } from '../src/db/open-database.ts';
import type { Database } from '../src/db/types.ts';

const available = hasSharedData('synthea', 'bundles');
const source = sharedDataPath('synthea', 'bundles');
/** Patient files of the set each engine imports (the set has 100): see `folder()`. */
const PATIENT_FILES = testDatabaseUrl() ? 25 : 10;

/**
 * The folder to import: the shared files (hospitals, practitioners) and the first patients of
 * the set (a quarter of them on PostgreSQL, a tenth on the embedded engine), linked into a
 * folder of their own. The same code path and the same checks as the whole set, at a volume
 * that keeps CI (which runs the suite on both engines) within its time; the core benchmark
 * imports the whole set.
 */
function folder(): string {
  const sample = mkdtempSync(path.join(tmpdir(), 'hale-synthea-sample-'));
  const files = readdirSync(source)
    .filter((f) => f.endsWith('.json.gz'))
    .sort();
  const shared = files.filter((f) => f.startsWith('0-'));
  const patients = files.filter((f) => !f.startsWith('0-')).slice(0, PATIENT_FILES);
  for (const f of [...shared, ...patients]) symlinkSync(path.join(source, f), path.join(sample, f));
  return sample;
}

function countFiles(dir: string): Record<string, number> {
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
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hale-import-'));
  const dir = available ? folder() : source;
  const schema = uniqueSchema();
  const env: Record<string, string> = {
    HALE_DATA_DIR: dataDir,
    ...(testDatabaseUrl() ? { DATABASE_URL: testDatabaseUrl()!, HALE_DB_SCHEMA: schema } : {}),
  };
  let db: Database | undefined;
  const openDb = async () =>
    (db ??= await openDatabase({ databaseUrl: testDatabaseUrl(), dbSchema: schema, pgliteDir: embeddedDbDir(dataDir) }));
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (dir !== source) rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('stores every resource of the files, and re-importing creates no duplicates', async () => {
    const first = await runHaleCommand(['import', dir, '--quiet'], env, 900_000);
    expect(first.code, first.output).toBe(0);
    const line = /Imported (\d+) resources from (\d+) of (\d+) files in ([\d.]+) s \((\d+) resources\/s\)/.exec(first.output);
    expect(line, first.output).not.toBeNull();
    console.log(`Synthea import (${testDatabaseUrl() ? 'postgres' : 'pglite'}): ${line![0]}`);
    expect(line![2]).toBe(line![3]);

    const expected = countFiles(dir);
    let s = await openDb();
    const counts = async () => {
      const rows = (
        await s.query<{ resource_type: string; n: string }>(
          'SELECT resource_type, count(*)::text AS n FROM resource WHERE NOT deleted GROUP BY resource_type',
        )
      ).rows;
      return Object.fromEntries(rows.map((r) => [r.resource_type, Number(r.n)]));
    };
    expect(await counts()).toEqual(expected);
    const versions = async () => (await s.query<{ n: string }>('SELECT count(*)::text AS n FROM resource_history')).rows[0]!.n;
    const versionsBefore = await versions();

    // Again: same counts, no new versions. (The embedded folder must be closed first: one process per folder.)
    await db!.close();
    db = undefined;
    const again = await runHaleCommand(['import', dir, '--quiet'], env, 900_000);
    expect(again.code, again.output).toBe(0);
    s = await openDb();
    expect(await counts()).toEqual(expected);
    expect(await versions()).toBe(versionsBefore);
  }, 1_200_000);

  it('leaves every reference in the store resolvable', async () => {
    const s = await openDb();
    const ids = new Set(
      (await s.query<{ k: string }>("SELECT resource_type || '/' || id AS k FROM resource WHERE NOT deleted")).rows.map((r) => r.k),
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
        await s.query<{ resource_type: string; id: string; content: string }>(
          'SELECT resource_type, id, content FROM resource WHERE NOT deleted ORDER BY resource_type, id LIMIT 5000 OFFSET $1',
          [offset],
        )
      ).rows;
      if (!page.length) break;
      for (const r of page) walk(JSON.parse(r.content), `${r.resource_type}/${r.id}`);
      offset += page.length;
    }
    console.log(`references checked: ${checked}, unresolved: ${unresolved.length}`);
    expect(checked).toBeGreaterThan(PATIENT_FILES * 2_000); // thousands of references per patient file
    expect(unresolved.slice(0, 10)).toEqual([]);
  });
});
