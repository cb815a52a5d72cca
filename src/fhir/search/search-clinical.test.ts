/** Clinical searches against a real PGlite: references, quantities, numbers, periods. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HaleError } from '../../errors.ts';
import { storeFixtures } from './search-fixtures.ts';
import { openSearchTestDb, type SearchTestDb } from './search-test-db.ts';

let db: SearchTestDb;
beforeAll(async () => {
  db = await openSearchTestDb();
  await storeFixtures(db);
});
afterAll(async () => {
  await db.close();
});

const ids = async (type: string, query: string) => (await db.search(type, query)).sort();

describe('reference parameters', () => {
  it('match Type/id, a bare id, the :Type modifier and urls', async () => {
    expect(await ids('Observation', 'subject=Patient/pat-jose')).toEqual(['obs-1']);
    expect(await ids('Observation', 'subject=pat-jose')).toEqual(['obs-1']);
    expect(await ids('Observation', 'subject:Patient=pat-anna')).toEqual(['obs-2']);
    expect(await ids('Observation', 'subject:Group=g1')).toEqual(['obs-3']);
    expect(await ids('Observation', 'subject:Patient=g1')).toEqual([]);
    // `patient` targets Patient only: a bare id means Patient/<id>; a Group subject is not a patient.
    expect(await ids('Observation', 'patient=pat-anna')).toEqual(['obs-2']);
    expect(await ids('Observation', 'patient=g1')).toEqual([]);
    expect(await ids('Observation', 'subject=urn:uuid:0d2c9b9e-0000-4000-8000-00000000000a')).toEqual(['obs-4']);
    expect(await ids('Encounter', 'subject=Patient/pat-jose,Patient/pat-anna')).toEqual(['enc-1', 'enc-2']);
    expect(await ids('Observation', 'subject:missing=true')).toEqual([]);
  });

  it('reject a type the parameter cannot point at', async () => {
    await expect(db.search('Observation', 'subject:Practitioner=x')).rejects.toBeInstanceOf(HaleError);
    await expect(db.search('Observation', 'subject=Practitioner/x')).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('token parameters on codes', () => {
  it('match codings and the concept text', async () => {
    expect(await ids('Observation', 'code=http://loinc.org|8302-2')).toEqual(['obs-1', 'obs-3']);
    expect(await ids('Observation', 'code=8302-2&status=final')).toEqual(['obs-1']);
    expect(await ids('Observation', 'code:text=free text')).toEqual(['obs-4']);
    expect(await ids('Observation', 'code:text=weight')).toEqual(['obs-2']);
    expect(await ids('Observation', 'status:not=final')).toEqual(['obs-3']);
  });
});

describe('quantity and number parameters', () => {
  it('compare quantities with prefixes, the written precision, system and code', async () => {
    expect(await ids('Observation', 'value-quantity=167.7')).toEqual(['obs-1']);
    expect(await ids('Observation', 'value-quantity=167')).toEqual([]); // [166.5, 167.5)
    expect(await ids('Observation', 'value-quantity=168')).toEqual(['obs-1']); // [167.5, 168.5)
    expect(await ids('Observation', 'value-quantity=gt100')).toEqual(['obs-1']);
    expect(await ids('Observation', 'value-quantity=ge100')).toEqual(['obs-1', 'obs-3']);
    expect(await ids('Observation', 'value-quantity=lt100')).toEqual(['obs-2']);
    expect(await ids('Observation', 'value-quantity=le100')).toEqual(['obs-2', 'obs-3']);
    expect(await ids('Observation', 'value-quantity=ne100')).toEqual(['obs-1', 'obs-2']);
    expect(await ids('Observation', 'value-quantity=ap160')).toEqual(['obs-1']);
    expect(await ids('Observation', 'value-quantity=1e2')).toEqual(['obs-2', 'obs-3']); // [50, 150)
    expect(await ids('Observation', 'value-quantity=100|http://unitsofmeasure.org|cm')).toEqual(['obs-3']);
    expect(await ids('Observation', 'value-quantity=100|http://unitsofmeasure.org|kg')).toEqual([]);
    expect(await ids('Observation', 'value-quantity=lt200||kg')).toEqual(['obs-2']);
    expect(await ids('Observation', 'value-quantity:missing=true')).toEqual(['obs-4']);
  });

  it('compare numbers', async () => {
    expect(await ids('RiskAssessment', 'probability=0.15')).toEqual(['risk-1']);
    expect(await ids('RiskAssessment', 'probability=0.1')).toEqual([]); // [0.05, 0.15): 0.15 is outside
    expect(await ids('RiskAssessment', 'probability=0.2')).toEqual(['risk-1']); // [0.15, 0.25)
    expect(await ids('RiskAssessment', 'probability=gt0.15')).toEqual(['risk-2']);
    expect(await ids('RiskAssessment', 'probability=le0.6')).toEqual(['risk-1', 'risk-2']);
    expect(await ids('RiskAssessment', 'probability=lt0.15,gt0.5')).toEqual(['risk-2']);
  });
});

describe('date parameters on instants and periods', () => {
  it('match an effective instant by its day and year', async () => {
    expect(await ids('Observation', 'date=2020-03-14')).toEqual(['obs-1']);
    expect(await ids('Observation', 'date=ge2020')).toEqual(['obs-1', 'obs-2']);
    expect(await ids('Observation', 'date=2019')).toEqual(['obs-3']); // the period lies within 2019
    expect(await ids('Observation', 'date=2019-02')).toEqual([]); // it does not lie within February
    expect(await ids('Observation', 'date=ap2019-02-15')).toEqual(['obs-3']);
    expect(await ids('Observation', 'date:missing=true')).toEqual(['obs-4']);
  });

  it('treat an open period end as ongoing', async () => {
    expect(await ids('Encounter', 'date=2020-03-14')).toEqual(['enc-1']);
    expect(await ids('Encounter', 'date=ge2021')).toEqual(['enc-2']);
    expect(await ids('Encounter', 'date=gt2030')).toEqual(['enc-2']);
    expect(await ids('Encounter', 'date=lt2020')).toEqual([]);
    expect(await ids('Encounter', 'date=sa2021-01-01')).toEqual(['enc-2']);
    expect(await ids('Encounter', 'date=eb2021')).toEqual(['enc-1']);
    expect(await ids('Encounter', 'date=2021-06')).toEqual([]); // an ongoing stay is not within June
    expect(await db.search('Encounter', '_sort=-date')).toEqual(['enc-2', 'enc-1']);
    expect(await db.search('Encounter', '_sort=date')).toEqual(['enc-1', 'enc-2']);
  });

  it('check two filters on a one-period parameter against that period (an ongoing stay included)', async () => {
    // Encounter.period is one period: both filters are checked on the same index row.
    expect(await ids('Encounter', 'date=ge2021&date=le2035')).toEqual(['enc-2']);
    expect(await ids('Encounter', 'date=ge2020-03-01&date=le2020-03-31')).toEqual(['enc-1']);
    expect(await ids('Encounter', 'date=ge2020-04&date=le2020-12')).toEqual([]);
    expect(await ids('Encounter', 'date=gt2030&date=lt2020')).toEqual([]);
  });

  it('let each filter on a repeating date be met by a different value', async () => {
    // A Timing has many events: one in 2005 meets le2010, another in 2025 meets ge2020.
    await db.store({
      resourceType: 'Observation',
      id: 'obs-timing',
      status: 'final',
      code: { text: 'daily reading' },
      effectiveTiming: { event: ['2005-06-01', '2025-06-01'] },
    } as never);
    try {
      expect(await ids('Observation', 'date=ge2020&date=le2010')).toEqual(['obs-timing']);
      expect(await ids('Observation', 'date=ge2030&date=le2010')).toEqual([]);
    } finally {
      // Out of the other tests' results again (searches leave deleted resources out).
      await db.query("UPDATE resource SET deleted = true WHERE resource_type = 'Observation' AND id = 'obs-timing'");
    }
  });

  const CLASS = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' };

  it('treat an open period start as from ever, and store a period whose ends differ in precision', async () => {
    // {end} only: low is open. {start: day, end: earlier instant that day}: per-1 cannot compare
    // them, so it is valid; the index keeps the span between the two instead of an empty range.
    await db.store({
      resourceType: 'Encounter',
      id: 'enc-open-start',
      status: 'finished',
      class: CLASS,
      period: { end: '2010-06-01' },
    } as never);
    await db.store({
      resourceType: 'Encounter',
      id: 'enc-mixed',
      status: 'finished',
      class: CLASS,
      period: { start: '2012-03-16', end: '2012-03-15T23:00:00Z' },
    } as never);
    try {
      expect(await ids('Encounter', 'date=lt1900')).toEqual(['enc-open-start']);
      expect(await ids('Encounter', 'date=le2010-06-01&date=ge2010-05-01')).toEqual(['enc-open-start']);
      expect(await ids('Encounter', 'date=le2010-06-01&date=ge2010-06-01')).toEqual([]); // nothing of it lies above that day
      expect(await ids('Encounter', 'date=gt2010-06-01&date=lt2012-01-01')).toEqual([]);
      expect(await ids('Encounter', 'date=eb2010-06-02')).toEqual(['enc-open-start']);
      expect(await ids('Encounter', 'date=sa1900')).toEqual(['enc-1', 'enc-2', 'enc-mixed']);
      expect(await ids('Encounter', 'date=ap2012-03-16')).toEqual(['enc-mixed']);
      expect(await ids('Encounter', 'date=2012-03')).toEqual(['enc-mixed']);
      expect(await ids('Encounter', 'date=ne2012-03')).toEqual(['enc-1', 'enc-2', 'enc-open-start']);
    } finally {
      await db.query("UPDATE resource SET deleted = true WHERE resource_type = 'Encounter' AND id IN ('enc-open-start', 'enc-mixed')");
    }
  });
});
