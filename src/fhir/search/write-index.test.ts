/** Index writes against a real PGlite: replace, delete, batches, and injection-shaped values. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HaleError } from '../../errors.ts';
import { extractSearchRows } from './extract.ts';
import { openSearchTestDb, type SearchTestDb } from './search-test-db.ts';
import { deleteSearchIndex, writeSearchIndex, writeSearchIndexBatch } from './write-index.ts';

let db: SearchTestDb;
beforeAll(async () => {
  db = await openSearchTestDb();
});
afterAll(async () => {
  await db.close();
});

const TABLES = ['sp_token', 'sp_string', 'sp_date', 'sp_reference', 'sp_number', 'sp_quantity', 'sp_uri'];

async function indexRowCount(type: string, id: string): Promise<number> {
  let n = 0;
  for (const t of TABLES) {
    const r = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t} WHERE resource_type = $1 AND resource_id = $2`, [
      type,
      id,
    ]);
    n += Number(r.rows[0]!.n);
  }
  return n;
}

describe('writeSearchIndex', () => {
  it('writes every table, with NULLs, timestamps and numerics intact', async () => {
    const obs = {
      resourceType: 'Observation',
      id: 'w-obs',
      meta: { profile: ['http://example.org/p'] },
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '2339-0', display: 'Glucose' }] },
      subject: { reference: 'Patient/w-p' },
      effectivePeriod: { start: '2022-01-01T10:00:00Z' },
      valueQuantity: { value: 5.4, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
    };
    await db.store(obs);
    const date = await db.query<{ low: Date; high: Date | null }>(
      "SELECT low, high FROM sp_date WHERE resource_id = 'w-obs' AND param = 'date'",
    );
    expect(date.rows).toEqual([{ low: new Date('2022-01-01T10:00:00.000Z'), high: null }]);
    const q = await db.query<{ value: string; code: string }>(
      "SELECT value::text AS value, code FROM sp_quantity WHERE resource_id = 'w-obs' AND param = 'value-quantity'",
    );
    expect(q.rows).toEqual([{ value: '5.4', code: 'mmol/L' }]);
    const tokens = await db.query<{ system: string | null; code: string }>(
      "SELECT system, code FROM sp_token WHERE resource_id = 'w-obs' AND param = 'status'",
    );
    expect(tokens.rows).toEqual([{ system: null, code: 'final' }]);
    expect(await db.search('Observation', 'value-quantity=5.4')).toEqual(['w-obs']);
  });

  it('replacing removes the old values', async () => {
    await db.store({ resourceType: 'Patient', id: 'w-p', name: [{ family: 'Oldname' }], birthDate: '1990-01-01' });
    expect(await db.search('Patient', 'family=oldname')).toEqual(['w-p']);
    await db.store({ resourceType: 'Patient', id: 'w-p', name: [{ family: 'Newname' }] });
    expect(await db.search('Patient', 'family=oldname')).toEqual([]);
    expect(await db.search('Patient', 'family=newname')).toEqual(['w-p']);
    expect(await db.search('Patient', 'birthdate=1990')).toEqual([]);
  });

  it('deleteSearchIndex removes every row of the resource and nothing else', async () => {
    await db.store({ resourceType: 'Patient', id: 'w-keep', name: [{ family: 'Keep' }] });
    await db.store({ resourceType: 'Patient', id: 'w-del', name: [{ family: 'Gone' }], gender: 'other', birthDate: '2001' });
    expect(await indexRowCount('Patient', 'w-del')).toBeGreaterThan(3);
    await db.transaction((tx) => deleteSearchIndex(tx, 'Patient', 'w-del'));
    expect(await indexRowCount('Patient', 'w-del')).toBe(0);
    expect(await indexRowCount('Patient', 'w-keep')).toBeGreaterThan(0);
  });

  it('writes a batch with one statement per table and replaces only what it is told to', async () => {
    const a = { resourceType: 'Patient', id: 'b-1', name: [{ family: 'Batch' }] };
    const b = { resourceType: 'Organization', id: 'b-2', name: 'Batch Clinic', identifier: [{ system: 'urn:org', value: '7' }] };
    await writeSearchIndexBatch(db, [
      { resourceType: a.resourceType, id: a.id, rows: extractSearchRows(a), replace: false },
      { resourceType: b.resourceType, id: b.id, rows: extractSearchRows(b), replace: false },
    ]);
    expect(await indexRowCount('Patient', 'b-1')).toBe(3); // family, name (phonetic shares its rows), deceased=false
    expect(await indexRowCount('Organization', 'b-2')).toBe(3); // name, phonetic, identifier
    await writeSearchIndex(db, 'Patient', 'b-1', extractSearchRows({ ...a, name: [{ family: 'Other' }] }), true);
    const rows = await db.query<{ value: string }>("SELECT DISTINCT value FROM sp_string WHERE resource_id = 'b-1'");
    expect(rows.rows).toEqual([{ value: 'other' }]);
  });

  it('very long values never make the write fail: strings match by their start, oversize keys are left out', async () => {
    const long = `Long${'x'.repeat(6000)}`;
    await db.store({ resourceType: 'Patient', id: 'w-long', name: [{ family: long }], identifier: [{ system: 'urn:x', value: long }] });
    expect(await db.search('Patient', 'family=longxxx')).toEqual(['w-long']);
    expect(await db.search('Patient', `family:exact=${long}`)).toEqual(['w-long']);
    expect(await db.search('Patient', 'identifier=urn:x|')).toEqual(['w-long']); // the system is kept
    expect(await db.search('Patient', `identifier=urn:x|${long}`)).toEqual([]); // the value is not
  });

  it('an empty row set writes nothing', async () => {
    await writeSearchIndex(db, 'Basic', 'nothing', extractSearchRows({ resourceType: 'Basic' }), true);
    expect(await indexRowCount('Basic', 'nothing')).toBe(0);
  });
});

describe('injection-shaped input', () => {
  const injected = "'; DROP TABLE resource; --";

  it('is stored and searched as a value', async () => {
    await db.store({
      resourceType: 'Patient',
      id: 'evil',
      name: [{ family: injected }],
      identifier: [{ system: injected, value: injected }],
    });
    expect(await db.search('Patient', `family=${encodeURIComponent(injected)}`)).toEqual(['evil']);
    expect(await db.search('Patient', `identifier=${encodeURIComponent(`${injected}|${injected}`)}`)).toEqual(['evil']);
    expect(await db.search('Patient', `name:contains=${encodeURIComponent('drop table')}`)).toEqual(['evil']);
  });

  it('in _sort is rejected, or ignored when lenient, and the tables survive', async () => {
    await expect(db.search('Patient', `_sort=${encodeURIComponent(injected)}`)).rejects.toBeInstanceOf(HaleError);
    expect(await db.search('Patient', `_sort=${encodeURIComponent(injected)}&_id=evil`, true)).toEqual(['evil']);
    const tables = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM pg_tables WHERE tablename IN ('resource', 'sp_string')");
    expect(tables.rows[0]!.n).toBe('2');
  });
});
