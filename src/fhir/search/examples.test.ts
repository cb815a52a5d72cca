/**
 * Every official R4 example (hl7.fhir.r4.examples, about 5,300 resources of all types):
 * each compiled search expression evaluates without throwing, and every extracted row is
 * accepted by the index tables (dates, numerics and index entry sizes included).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSearchRows, type IndexableResource } from './extract.ts';
import { indexedParamsFor } from './indexed-params.ts';
import { openSearchTestDb, type SearchTestDb } from './search-test-db.ts';
import { writeSearchIndexBatch, type SearchIndexWrite } from './write-index.ts';
import { yieldingEach } from '../../../test/support/yield-to-runner.ts';

const dir = path.dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));

function examples(): (IndexableResource & { id: string })[] {
  const out: (IndexableResource & { id: string })[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json') || f === 'package.json' || f.startsWith('.')) continue;
    const r = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as IndexableResource;
    if (typeof r.resourceType === 'string') out.push({ ...r, id: typeof r.id === 'string' ? r.id : f });
  }
  return out;
}

let db: SearchTestDb;
let all: (IndexableResource & { id: string })[];
beforeAll(async () => {
  db = await openSearchTestDb();
  all = examples();
});
afterAll(async () => {
  await db.close();
});

describe('the R4 examples', () => {
  it('evaluate every search expression without an error', async () => {
    expect(all.length).toBeGreaterThan(5000);
    const failures: string[] = [];
    for await (const r of yieldingEach(all)) {
      for (const p of indexedParamsFor(r.resourceType).values()) {
        for (const b of p.branches) {
          try {
            b.evaluate(r);
          } catch (err) {
            failures.push(`${r.resourceType}/${r.id} ${p.code}: ${(err as Error).message}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('index into the tables', async () => {
    const writes: SearchIndexWrite[] = [];
    for await (const r of yieldingEach(all))
      writes.push({ resourceType: r.resourceType, id: r.id, rows: extractSearchRows(r), replace: false });
    for (let i = 0; i < writes.length; i += 500) await writeSearchIndexBatch(db, writes.slice(i, i + 500));
    const n = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM sp_token');
    expect(Number(n.rows[0]!.n)).toBeGreaterThan(30_000);
  });
});
