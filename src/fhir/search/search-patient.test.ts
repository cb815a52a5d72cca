/** Patient searches against a real PGlite: string, token, date, uri, _id, _lastUpdated, sort. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const ids = async (query: string) => (await db.search('Patient', query)).sort();

describe('string parameters', () => {
  it('match the start of any name part, ignoring case and accents', async () => {
    expect(await ids('given=jose')).toEqual(['pat-jose']);
    expect(await ids('name=jose')).toEqual(['pat-jose', 'pat-joseph']); // José, and Josephson starts with "jose"
    expect(await ids('name=GARCÍA')).toEqual(['pat-jose']);
    expect(await ids('address-city=montreal')).toEqual(['pat-jose']);
    expect(await ids('address=sainte')).toEqual([]);
  });

  it(':exact compares the text as written, :contains anywhere', async () => {
    expect(await ids('given:exact=José')).toEqual(['pat-jose']);
    expect(await ids('given:exact=jose')).toEqual([]);
    expect(await ids('family:contains=ephs')).toEqual(['pat-joseph']);
    expect(await ids('address:contains=sainte')).toEqual(['pat-jose']);
    // LIKE wildcards in the value are literal.
    expect(await ids('family:contains=%25')).toEqual([]);
    expect(await ids('family=_mith')).toEqual([]);
  });

  it('phonetic searches the same name rows as name, which are stored once', async () => {
    expect(await ids('phonetic=jose')).toEqual(await ids('name=jose'));
    expect(await ids('phonetic=jose')).toEqual(['pat-jose', 'pat-joseph']);
    expect(await ids('phonetic:exact=García')).toEqual(['pat-jose']);
    expect(await db.search('Patient', '_sort=-phonetic&gender=male')).toEqual(await db.search('Patient', '_sort=-name&gender=male'));
    const rows = await db.query<{ param: string; n: number }>(
      `SELECT param, count(*)::int AS n FROM sp_string WHERE resource_type = 'Patient' AND param IN ('name', 'phonetic') GROUP BY param`,
    );
    expect(rows.rows).toEqual([{ param: 'name', n: expect.any(Number) }]);
  });

  it('comma is OR, a repeated parameter is AND', async () => {
    expect(await ids('family=smith,garcia')).toEqual(['pat-anna', 'pat-bob', 'pat-carl', 'pat-jose']);
    expect(await ids('family=smith&given=bob')).toEqual(['pat-bob']);
    expect(await ids('family=smith&family=garcia')).toEqual([]);
  });
});

describe('token parameters', () => {
  it('match code, system|code, |code and system|', async () => {
    expect(await ids('gender=male')).toEqual(['pat-bob', 'pat-carl', 'pat-jose', 'pat-joseph']);
    expect(await ids('identifier=http://hospital.example.org/mrn|MRN-001')).toEqual(['pat-jose']);
    expect(await ids('identifier=http://other.example.org|MRN-001')).toEqual([]);
    expect(await ids('identifier=MRN-002')).toEqual(['pat-anna']);
    expect(await ids('identifier=|X1')).toEqual(['pat-zed']);
    expect(await ids('identifier=|MRN-001')).toEqual([]);
    expect(await ids('identifier=http://hospital.example.org/mrn|')).toEqual(['pat-anna', 'pat-jose']);
    expect(await ids('active=true')).toEqual(['pat-anna', 'pat-jose']);
    expect(await ids('telecom=555-0100')).toEqual(['pat-jose']);
  });

  it(':not excludes matches and keeps resources without a value; :text searches the text', async () => {
    expect(await ids('gender:not=male')).toEqual(['pat-adams', 'pat-anna', 'pat-zed']);
    expect(await ids('gender:not=male,female')).toEqual(['pat-zed']);
    expect(await ids('active:not=true')).toEqual(['pat-adams', 'pat-bob', 'pat-carl', 'pat-joseph', 'pat-zed']);
    expect(await ids('identifier:text=record')).toEqual(['pat-jose']);
    expect(await ids('identifier:text=ecord')).toEqual([]);
  });
});

describe('date parameters', () => {
  it('compare ranges with every prefix, partial dates included', async () => {
    expect(await ids('birthdate=ge2020')).toEqual(['pat-anna', 'pat-joseph']);
    expect(await ids('birthdate=2020')).toEqual(['pat-anna', 'pat-joseph']);
    expect(await ids('birthdate=2020-05')).toEqual(['pat-anna']); // "2020" is not within May 2020
    expect(await ids('birthdate=eq2020-05-02')).toEqual(['pat-anna']);
    expect(await ids('birthdate=lt2020')).toEqual(['pat-adams', 'pat-bob', 'pat-carl', 'pat-jose']);
    expect(await ids('birthdate=gt2019-12-31')).toEqual(['pat-anna', 'pat-joseph']);
    expect(await ids('birthdate=le2019-12-31')).toEqual(['pat-adams', 'pat-bob', 'pat-carl', 'pat-jose']);
    expect(await ids('birthdate=ne2020')).toEqual(['pat-adams', 'pat-bob', 'pat-carl', 'pat-jose']);
    expect(await ids('birthdate=sa2019')).toEqual(['pat-anna', 'pat-joseph']);
    expect(await ids('birthdate=eb1980')).toEqual(['pat-jose']);
    expect(await ids('birthdate=ap1975-01-10')).toEqual(['pat-jose']);
    expect(await ids('birthdate=ge2019-12-31&birthdate=lt2020')).toEqual(['pat-adams', 'pat-bob', 'pat-carl']);
    // A year-precision birth date (2020) reaches below June 2020: lt matches it too.
    expect(await ids('birthdate=ge2020&birthdate=lt2020-06')).toEqual(['pat-anna', 'pat-joseph']);
    expect(await ids('birthdate=lt1980,eq2020-05-02')).toEqual(['pat-anna', 'pat-jose']);
    expect(await ids('birthdate=ge2020-05-01T00:00:00Z')).toEqual(['pat-anna', 'pat-joseph']);
  });

  it(':missing finds resources with and without a value', async () => {
    expect(await ids('birthdate:missing=true')).toEqual(['pat-zed']);
    expect(await ids('birthdate:missing=false')).toHaveLength(6);
    expect(await ids('telecom:missing=false')).toEqual(['pat-jose']);
    expect(await ids('_id:missing=false')).toHaveLength(7);
  });
});

describe('uri, _id and _lastUpdated', () => {
  it('match uris exactly, :below and :above', async () => {
    const url = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient';
    expect(await ids(`_profile=${url}`)).toEqual(['pat-jose']);
    expect(await ids('_profile=http://hl7.org/fhir/us/core')).toEqual([]);
    expect(await ids('_profile:below=http://hl7.org/fhir/us/core/')).toEqual(['pat-jose']);
    expect(await ids(`_profile:above=${url}/more`)).toEqual(['pat-jose']);
    expect(await ids('_profile:missing=true')).toHaveLength(6);
  });

  it('match ids and last-updated instants', async () => {
    expect(await ids('_id=pat-jose,pat-anna')).toEqual(['pat-anna', 'pat-jose']);
    expect(await ids('_id:not=pat-jose&gender=male')).toEqual(['pat-bob', 'pat-carl', 'pat-joseph']);
    expect(await ids('_lastUpdated=2024-02')).toEqual(['pat-anna']);
    expect(await ids('_lastUpdated=lt2024-02')).toEqual(['pat-jose']);
    expect(await ids('_lastUpdated=ge2024-06-01')).toEqual(['pat-adams', 'pat-carl']);
    expect(await ids('_lastUpdated=gt2024-06-01T00:00:00Z')).toEqual(['pat-carl']);
  });
});

describe('_sort and paging', () => {
  it('sorts by several keys, then by id so equal keys keep one order', async () => {
    expect(await db.search('Patient', '_sort=-birthdate,family')).toEqual([
      'pat-joseph', // 2020 (ends 2020-12-31)
      'pat-anna', // 2020-05-02
      'pat-adams', // 2019-12-31, Adams
      'pat-bob', // 2019-12-31, Smith (id pat-bob < pat-carl)
      'pat-carl',
      'pat-jose', // 1974
      'pat-zed', // no birth date: last
    ]);
    expect(await db.search('Patient', '_sort=family,-_id&gender=male')).toEqual(['pat-jose', 'pat-joseph', 'pat-carl', 'pat-bob']);
    expect(await db.search('Patient', '_sort=-_lastUpdated&_count=2')).toEqual(['pat-carl', 'pat-adams', 'pat-bob']); // count + 1 rows
  });

  it('pages with _count and _offset and counts all matches', async () => {
    const { buildSearchSql } = await import('./build-sql.ts');
    const { parseSearchRequest } = await import('./parse.ts');
    const built = buildSearchSql(
      parseSearchRequest('Patient', new URLSearchParams('gender=male&_count=2&_offset=2&_sort=_id'), { lenient: false }),
    );
    expect((await db.query<{ id: string }>(built.sql, built.params)).rows.map((r) => r.id)).toEqual(['pat-jose', 'pat-joseph']);
    const n = await db.query<{ n: string | number }>(built.countSql, built.countParams);
    expect(Number(n.rows[0]!.n)).toBe(4);
  });
});
