/**
 * Search results as a client meets them through /fhir/R4: _sort on several keys (stable,
 * both directions, every sortable parameter type), keyset paging that stays exact while
 * others write, _total modes, _summary and _elements, _include / _revinclude / :iterate /
 * `*`, and POST _search answering as GET does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type FhirResult, type TestServer } from './support/test-server.ts';

let s: TestServer;

type Res = Record<string, unknown> & { resourceType: string; id: string };

/** Writes resources with the ids given, in one transaction. */
async function put(resources: Res[]): Promise<void> {
  const r = await s.fhir('POST', '', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } })),
  });
  expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
}

const ids = (r: FhirResult, mode = 'match') =>
  (r.body.entry ?? []).filter((e: any) => e.search?.mode === mode).map((e: any) => `${e.resource.resourceType}/${e.resource.id}`);
const matchIds = (r: FhirResult): string[] =>
  (r.body.entry ?? []).filter((e: any) => e.search?.mode === 'match').map((e: any) => e.resource.id);
const linkOf = (r: FhirResult, relation: string) => r.body.link?.find((l: any) => l.relation === relation)?.url as string | undefined;
/** Follows an absolute link from a Bundle. */
const follow = (url: string) => s.fhir('GET', url.slice(s.fhirBase.length + 1));

const patient = (
  id: string,
  family: string | undefined,
  birthDate: string | undefined,
  gender: string,
  extra: Record<string, unknown> = {},
): Res => ({
  resourceType: 'Patient',
  id,
  ...(family !== undefined ? { name: [{ family, given: ['Test'] }] } : { name: [{ given: ['Nofamily'] }] }),
  gender,
  ...(birthDate ? { birthDate } : {}),
  ...extra,
});

const obs = (id: string, code: string, extra: Record<string, unknown> = {}): Res => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'urn:test:codes', code }] },
  ...extra,
});

beforeAll(async () => {
  s = await startTestServer();
  const profile = (p: string) => ({ meta: { profile: [`http://example.org/StructureDefinition/${p}`] } });
  await put([
    patient('srt-a', 'Smith', '1980-01-01', 'male', profile('b')),
    patient('srt-b', 'Smith', '1990-05-05', 'female'),
    patient('srt-c', 'Adams', '1990-05-05', 'female', profile('a')),
    patient('srt-d', 'Brown', '1970', 'male', profile('c')),
    patient('srt-e', 'Smith', '1980-01-01', 'male'),
    patient('srt-f', undefined, undefined, 'other'),
    // Sorting by quantity and number.
    obs('srt-q1', 'sort-q', { valueQuantity: { value: 72, unit: 'kg' } }),
    obs('srt-q2', 'sort-q', { valueQuantity: { value: 5.5, unit: 'kg' } }),
    obs('srt-q3', 'sort-q', { valueQuantity: { value: 72, unit: 'kg' } }),
    obs('srt-q4', 'sort-q'),
    ...['srt-r1', 'srt-r2', 'srt-r3'].map((id, n) => ({
      resourceType: 'RiskAssessment',
      id,
      status: 'final',
      subject: { reference: 'Patient/srt-a' },
      prediction: [{ probabilityDecimal: [0.4, 0.05, 0.9][n] }],
    })),
    // Paging: ids pg-10..pg-90, dates 2020-01..2020-05 with ties.
    ...[10, 20, 30, 40, 50, 60, 70, 80, 90].map((n, i) =>
      obs(`pg-${n}`, 'paging', { effectiveDateTime: `2020-0${1 + Math.floor(i / 2)}-15T10:00:00Z` }),
    ),
    // Includes: a patient, its organization and doctor, an encounter with another doctor, observations.
    { resourceType: 'Organization', id: 'inc-org', name: 'Included Org' },
    { resourceType: 'Practitioner', id: 'inc-gp', name: [{ family: 'Gp' }] },
    { resourceType: 'Practitioner', id: 'inc-doc', name: [{ family: 'Doc' }] },
    patient('inc-p1', 'Included', '1960-02-02', 'female', {
      managingOrganization: { reference: 'Organization/inc-org' },
      generalPractitioner: [{ reference: 'Practitioner/inc-gp' }],
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Included patient</div>' },
      maritalStatus: { text: 'married' },
      communication: [{ language: { text: 'English' } }],
      contact: [{ name: { family: 'Contact' } }],
    }),
    patient('inc-p2', 'Other', '1961-03-03', 'male'),
    {
      resourceType: 'Encounter',
      id: 'inc-enc',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: 'Patient/inc-p1' },
      participant: [{ individual: { reference: 'Practitioner/inc-doc' } }],
    },
    obs('inc-o1', 'inc', {
      subject: { reference: 'Patient/inc-p1' },
      encounter: { reference: 'Encounter/inc-enc' },
      valueQuantity: { value: 1, unit: 'kg' },
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">One</div>' },
      interpretation: [{ text: 'normal' }],
      component: [{ code: { text: 'part' }, valueString: 'x', interpretation: [{ text: 'high' }] }],
    }),
    obs('inc-o2', 'inc', { subject: { reference: 'Patient/inc-p1' } }),
    obs('inc-o3', 'inc', { subject: { reference: 'Patient/inc-p2' } }),
  ]);
}, 120_000);
afterAll(() => s.stop());

describe('_sort', () => {
  const order = async (query: string) => {
    const r = await s.fhir('GET', `Patient?_id=srt-a,srt-b,srt-c,srt-d,srt-e,srt-f&${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return matchIds(r);
  };

  it('orders by several keys in both directions, ties broken by id, missing values last', async () => {
    expect(await order('_sort=family,-birthdate')).toEqual(['srt-c', 'srt-d', 'srt-b', 'srt-a', 'srt-e', 'srt-f']);
    expect(await order('_sort=-family,birthdate')).toEqual(['srt-a', 'srt-e', 'srt-b', 'srt-d', 'srt-c', 'srt-f']);
    expect(await order('_sort=gender,-_id')).toEqual(['srt-c', 'srt-b', 'srt-e', 'srt-d', 'srt-a', 'srt-f']);
    expect(await order('_sort=-birthdate')).toEqual(['srt-b', 'srt-c', 'srt-a', 'srt-e', 'srt-d', 'srt-f']);
    expect(await order('_sort=_profile')).toEqual(['srt-c', 'srt-a', 'srt-d', 'srt-b', 'srt-e', 'srt-f']);
    expect(await order('_sort=-_id')).toEqual(['srt-f', 'srt-e', 'srt-d', 'srt-c', 'srt-b', 'srt-a']);
  });

  it('gives the same order on every run, and across pages', async () => {
    const first = await order('_sort=family');
    expect(first).toEqual(['srt-c', 'srt-d', 'srt-a', 'srt-b', 'srt-e', 'srt-f']);
    for (let i = 0; i < 3; i++) expect(await order('_sort=family')).toEqual(first);
    const paged: string[] = [];
    let r = await s.fhir('GET', 'Patient?_id=srt-a,srt-b,srt-c,srt-d,srt-e,srt-f&_sort=family&_count=2');
    for (;;) {
      paged.push(...matchIds(r));
      const next = linkOf(r, 'next');
      if (!next) break;
      r = await follow(next);
    }
    expect(paged).toEqual(first);
  });

  it('orders by quantity and number values', async () => {
    const q = await s.fhir('GET', 'Observation?code=urn:test:codes|sort-q&_sort=-value-quantity');
    expect(matchIds(q)).toEqual(['srt-q1', 'srt-q3', 'srt-q2', 'srt-q4']);
    const n = await s.fhir('GET', 'RiskAssessment?_sort=probability');
    expect(matchIds(n)).toEqual(['srt-r2', 'srt-r1', 'srt-r3']);
  });

  it('refuses keys that are not sortable parameters of the type, naming _sort', async () => {
    for (const bad of ['family;DROP TABLE resource', 'nosuch', 'general-practitioner']) {
      const r = await s.fhir('GET', `Patient?_sort=${encodeURIComponent(bad)}`);
      expect(r.status).toBe(400);
      expect(r.body.issue[0].expression ?? [r.body.issue[0].diagnostics]).toEqual([expect.stringContaining('_sort')]);
    }
  });
});

describe('keyset paging', () => {
  const pagingIds = ['pg-10', 'pg-20', 'pg-30', 'pg-40', 'pg-50', 'pg-60', 'pg-70', 'pg-80', 'pg-90'];
  /** A resource that sorts where the test wants it (by id and date). */
  const insert = async (id: string, date: string) => {
    await put([obs(id, 'paging', { effectiveDateTime: date })]);
  };

  async function walk(first: string, between: (page: number) => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    let r = await s.fhir('GET', first);
    for (let page = 1; ; page++) {
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      seen.push(...matchIds(r));
      const next = linkOf(r, 'next');
      if (!next) break;
      await between(page);
      r = await follow(next);
    }
    return seen;
  }

  it('sees every resource that existed at the start exactly once while another client inserts (by id)', async () => {
    const seen = await walk('Observation?code=urn:test:codes|paging&_count=3', async (page) => {
      // Into pages already visited, and into pages still to come.
      if (page === 1) await Promise.all([insert('pg-15', '2020-01-01T00:00:00Z'), insert('pg-55', '2020-01-01T00:00:00Z')]);
      if (page === 2) await Promise.all([insert('pg-05', '2021-01-01T00:00:00Z'), insert('pg-85', '2021-01-01T00:00:00Z')]);
    });
    for (const id of pagingIds)
      expect(
        seen.filter((x) => x === id),
        id,
      ).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
    // What was inserted behind the reader is not seen; what was inserted ahead is.
    expect(seen).toEqual(['pg-10', 'pg-20', 'pg-30', 'pg-40', 'pg-50', 'pg-55', 'pg-60', 'pg-70', 'pg-80', 'pg-85', 'pg-90']);
  });

  it('sees every resource exactly once while another client inserts (by date, descending, with ties)', async () => {
    const before = new Set(matchIds(await s.fhir('GET', 'Observation?code=urn:test:codes|paging&_count=100')));
    expect(before.size).toBe(13);
    const seen = await walk('Observation?code=urn:test:codes|paging&_sort=-date&_count=3', async (page) => {
      // Same date as rows already seen (ties broken by id, before and after), far past, far future.
      await Promise.all([
        insert(`pg-t${page}a`, '2020-05-15T10:00:00Z'),
        insert(`pg-t${page}z`, '2019-01-01T00:00:00Z'),
        insert(`pg-0${page}`, '2030-01-01T00:00:00Z'),
      ]);
    });
    for (const id of before)
      expect(
        seen.filter((x) => x === id),
        id,
      ).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
    // Newest first; equal dates by id; rows inserted ahead of the reader (pg-t1a, the 2019 ones) are seen, those behind are not.
    expect(seen).toEqual([
      ...['pg-05', 'pg-85', 'pg-90', 'pg-t1a', 'pg-70', 'pg-80', 'pg-50', 'pg-60', 'pg-30', 'pg-40', 'pg-10', 'pg-20', 'pg-15', 'pg-55'],
      ...['pg-t1z', 'pg-t2z', 'pg-t3z', 'pg-t4z', 'pg-t5z', 'pg-t6z'],
    ]);
  });

  it('links previous, first and last pages; previous goes back to the same rows', async () => {
    const all = matchIds(await s.fhir('GET', 'Observation?code=urn:test:codes|paging&_sort=date&_count=100'));
    const p1 = await s.fhir('GET', 'Observation?code=urn:test:codes|paging&_sort=date&_count=4');
    expect(linkOf(p1, 'previous')).toBeUndefined();
    const p2 = await follow(linkOf(p1, 'next')!);
    const p3 = await follow(linkOf(p2, 'next')!);
    expect([...matchIds(p1), ...matchIds(p2), ...matchIds(p3)]).toEqual(all.slice(0, 12));
    const back = await follow(linkOf(p3, 'previous')!);
    expect(matchIds(back)).toEqual(matchIds(p2));
    expect(matchIds(await follow(linkOf(back, 'next')!))).toEqual(matchIds(p3));
    expect(matchIds(await follow(linkOf(p3, 'first')!))).toEqual(matchIds(p1));
    const last = await follow(linkOf(p1, 'last')!);
    expect(matchIds(last)).toEqual(all.slice(-4));
    expect(linkOf(last, 'next')).toBeUndefined();
    // Links carry only accepted parameters, and the cursor is opaque.
    for (const l of p2.body.link) {
      const q = new URL(l.url).searchParams;
      expect(
        [...q.keys()].every((k) => ['code', '_sort', '_count', '_cursor'].includes(k)),
        l.url,
      ).toBe(true);
    }
  });

  it('pages a search in id order both ways: each match once, deleted ones never', async () => {
    // One token or one typed reference in the default order reads its matches from the index in id order (id-ordered-driver.ts);
    // other searches find the page's ids first and read those rows alone (ids-first-page.ts).
    // Two codings of one code, told apart by their display: two index rows for one resource.
    const twice = {
      coding: [
        { system: 'urn:test:codes', code: 'drv', display: 'first wording' },
        { system: 'urn:test:codes', code: 'drv', display: 'second wording' },
      ],
    };
    const made = ['drv-07', 'drv-03', 'drv-11', 'drv-01', 'drv-09', 'drv-05', 'drv-02', 'drv-10'];
    await put([
      patient('drv-pat', 'Driver', '1975-03-03', 'female'),
      ...made.map((id, n) => obs(id, 'drv', { subject: { reference: 'Patient/drv-pat' }, ...(n % 3 === 0 ? { code: twice } : {}) })),
      obs('drv-other', 'not-drv', { subject: { reference: 'Patient/drv-pat' } }),
    ]);
    expect((await s.fhir('DELETE', 'Observation/drv-09')).status).toBe(200);
    const live = made.filter((id) => id !== 'drv-09').sort();
    for (const [query, expected] of [
      ['code=urn:test:codes|drv', live],
      ['subject=Patient/drv-pat', [...live, 'drv-other'].sort()],
      ['code=drv', live],
      ['subject=Patient/drv-pat&code=urn:test:codes|drv,urn:test:codes|not-drv', [...live, 'drv-other'].sort()],
    ] as const) {
      const p1 = await s.fhir('GET', `Observation?${query}&_count=3`);
      const p2 = await follow(linkOf(p1, 'next')!);
      const p3 = await follow(linkOf(p2, 'next')!);
      expect([...matchIds(p1), ...matchIds(p2), ...matchIds(p3)], query).toEqual(expected);
      expect(linkOf(p3, 'next'), query).toBeUndefined();
      expect(matchIds(await follow(linkOf(p3, 'previous')!)), query).toEqual(matchIds(p2));
      expect(matchIds(await follow(linkOf(p2, 'previous')!)), query).toEqual(matchIds(p1));
      expect(matchIds(await follow(linkOf(p1, 'last')!)), query).toEqual(expected.slice(-3));
      const counted = await s.fhir('GET', `Observation?${query}&_count=2&_total=accurate`);
      expect(counted.body.total, query).toBe(expected.length);
      expect(matchIds(await s.fhir('GET', `Observation?${query}&_count=3&_offset=5`)), query).toEqual(expected.slice(5, 8));
    }
  });

  it("reads named patients' records from their references: sorted or not, each match once, deleted ones and others' never", async () => {
    // `patient=`/`performer=Patient/..` beside other filters takes its ids from the patients' reference rows (ids-first-page.ts).
    const at = (day: number) => ({ effectiveDateTime: `2023-05-${String(day).padStart(2, '0')}T08:00:00Z` });
    await put([
      patient('nps-a', 'Named', '1961-01-01', 'female'),
      patient('nps-b', 'Named', '1962-02-02', 'male'),
      patient('nps-c', 'Other', '1963-03-03', 'female'),
      obs('nps-a1', 'nps', { subject: { reference: 'Patient/nps-a' }, ...at(4) }),
      obs('nps-a2', 'nps', { subject: { reference: 'Patient/nps-a' }, ...at(9) }),
      obs('nps-a3', 'nps', { subject: { reference: 'Patient/nps-a' }, ...at(1) }),
      obs('nps-a4', 'nps', { subject: { reference: 'Patient/nps-a' }, ...at(7) }),
      obs('nps-a-other', 'not-nps', { subject: { reference: 'Patient/nps-a' }, ...at(5) }),
      // Both named patients in one parameter (performer): two reference rows for one match.
      obs('nps-b1', 'nps', {
        subject: { reference: 'Patient/nps-b' },
        performer: [{ reference: 'Patient/nps-b' }, { reference: 'Patient/nps-a' }],
        ...at(6),
      }),
      obs('nps-b2', 'nps', { subject: { reference: 'Patient/nps-b' }, ...at(2) }),
      obs('nps-c1', 'nps', { subject: { reference: 'Patient/nps-c' }, performer: [{ reference: 'Patient/nps-b' }], ...at(3) }),
    ]);
    expect((await s.fhir('DELETE', 'Observation/nps-a4')).status).toBe(200);
    const code = 'code=urn:test:codes|nps';
    for (const [query, expected] of [
      [`patient=Patient/nps-a&${code}&_sort=-date`, ['nps-a2', 'nps-a1', 'nps-a3']],
      [`patient=Patient/nps-a&${code}&date=ge2023-05-02&_sort=date`, ['nps-a1', 'nps-a2']],
      [`patient=nps-a,nps-b&${code}&_sort=date`, ['nps-a3', 'nps-b2', 'nps-a1', 'nps-b1', 'nps-a2']],
      [`patient=nps-a,nps-b&${code}`, ['nps-a1', 'nps-a2', 'nps-a3', 'nps-b1', 'nps-b2']],
      [`performer=Patient/nps-b,Patient/nps-a&${code}&_sort=-date`, ['nps-b1', 'nps-c1']],
      [`performer=Patient/nps-b,Patient/nps-a&${code}`, ['nps-b1', 'nps-c1']],
      [`patient=nps-a&${code}&_lastUpdated=ge2000-01-01&_sort=-date`, ['nps-a2', 'nps-a1', 'nps-a3']],
    ] as const) {
      const p1 = await s.fhir('GET', `Observation?${query}&_count=2`);
      expect(p1.status, query).toBe(200);
      const pages = [matchIds(p1)];
      for (let next = linkOf(p1, 'next'); next;) {
        const p = await follow(next);
        pages.push(matchIds(p));
        next = linkOf(p, 'next');
      }
      expect(pages.flat(), query).toEqual(expected);
      expect((await s.fhir('GET', `Observation?${query}&_summary=count`)).body.total, query).toBe(expected.length);
    }
  });

  it('refuses a tampered cursor, or one from another search, naming _cursor', async () => {
    const p1 = await s.fhir('GET', 'Observation?code=urn:test:codes|paging&_sort=date&_count=2');
    const cursor = new URL(linkOf(p1, 'next')!).searchParams.get('_cursor')!;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const forged = (change: Record<string, unknown>) => Buffer.from(JSON.stringify({ ...decoded, ...change })).toString('base64url');
    const probes = [
      `code=urn:test:codes|paging&_sort=-date&_cursor=${cursor}`, // another sort
      `code=urn:test:codes|paging&_sort=date&_cursor=${forged({ v: ["2020'; DROP TABLE resource; --"] })}`,
      `code=urn:test:codes|paging&_sort=date&_cursor=${forged({ i: 'a b' })}`,
      `code=urn:test:codes|paging&_sort=date&_cursor=${forged({ v: [] })}`,
      `code=urn:test:codes|paging&_sort=date&_cursor=not!base64`,
      `code=urn:test:codes|paging&_sort=date&_offset=2&_cursor=${cursor}`,
    ];
    for (const q of probes) {
      const r = await s.fhir('GET', `Observation?${q}`);
      expect(r.status, q).toBe(400);
      expect(JSON.stringify(r.body.issue), q).toMatch(/_cursor|_offset/);
    }
    expect((await s.fhir('GET', 'Observation?_count=1')).status).toBe(200);
  });

  it('keeps _offset paging for clients that send it', async () => {
    const all = matchIds(await s.fhir('GET', 'Patient?_id=srt-a,srt-b,srt-c,srt-d,srt-e,srt-f&_sort=family'));
    const r = await s.fhir('GET', 'Patient?_id=srt-a,srt-b,srt-c,srt-d,srt-e,srt-f&_sort=family&_count=2&_offset=2');
    expect(matchIds(r)).toEqual(all.slice(2, 4));
    expect(new URL(linkOf(r, 'next')!).searchParams.get('_offset')).toBe('4');
    expect(new URL(linkOf(r, 'previous')!).searchParams.get('_offset')).toBe('0');
  });
});

describe('_total', () => {
  const base = 'Patient?_id=srt-a,srt-b,srt-c,srt-d,srt-e,srt-f&_count=2';
  it('none, estimate and accurate', async () => {
    expect((await s.fhir('GET', `${base}&_total=none`)).body.total).toBeUndefined();
    expect((await s.fhir('GET', `${base}&_total=accurate`)).body.total).toBe(6);
    expect((await s.fhir('GET', `${base}&_total=estimate`)).body.total).toBe(6);
    // Given for free when the first page holds everything.
    expect((await s.fhir('GET', 'Patient?_id=srt-a,srt-b')).body.total).toBe(2);
    const bad = await s.fhir('GET', `${base}&_total=some`);
    expect(bad.status).toBe(400);
    expect(bad.body.issue[0].expression).toEqual(['_total']);
  });
  it('does not count included resources', async () => {
    const r = await s.fhir('GET', 'Patient?_id=inc-p1&_revinclude=Observation:subject&_total=accurate');
    expect(r.body.total).toBe(1);
    expect(ids(r, 'include').sort()).toEqual(['Observation/inc-o1', 'Observation/inc-o2']);
  });
});

describe('_summary and _elements', () => {
  const one = async (query: string) => {
    const r = await s.fhir('GET', query);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.entry[0].resource;
  };
  const subsetted = (r: any) => r.meta.tag.some((t: any) => t.code === 'SUBSETTED');

  it('_summary=true keeps the summary and mandatory elements from the definitions', async () => {
    const p = await one('Patient?_id=inc-p1&_summary=true');
    // Not text, maritalStatus, communication, contact or generalPractitioner: none is a summary element of Patient.
    expect(Object.keys(p).sort()).toEqual(['birthDate', 'gender', 'id', 'managingOrganization', 'meta', 'name', 'resourceType']);
    expect(subsetted(p)).toBe(true);
    const o = await one('Observation?_id=inc-o1&_summary=true');
    expect(Object.keys(o).sort()).toEqual([
      'code',
      'component',
      'encounter',
      'id',
      'meta',
      'resourceType',
      'status',
      'subject',
      'valueQuantity',
    ]);
    // Inside a summary backbone element, only its summary children stay.
    expect(o.component).toEqual([{ code: { text: 'part' }, valueString: 'x' }]);
  });

  it('_summary=text, data and count', async () => {
    const t = await one('Patient?_id=inc-p1&_summary=text');
    expect(Object.keys(t).sort()).toEqual(['id', 'meta', 'resourceType', 'text']);
    expect(subsetted(t)).toBe(true);
    const d = await one('Patient?_id=inc-p1&_summary=data');
    expect(d.text).toBeUndefined();
    expect(d.contact).toEqual([{ name: { family: 'Contact' } }]);
    expect(subsetted(d)).toBe(true);
    const c = await s.fhir('GET', 'Observation?code=urn:test:codes|inc&_summary=count');
    expect(c.body.total).toBe(3);
    expect(c.body.entry ?? []).toEqual([]);
    const full = await one('Patient?_id=inc-p1&_summary=false');
    expect(full.contact).toBeDefined();
    expect(full.meta.tag).toBeUndefined();
  });

  it('_elements keeps the named and mandatory elements, tagged SUBSETTED', async () => {
    const o = await one('Observation?_id=inc-o1&_elements=subject,value');
    expect(Object.keys(o).sort()).toEqual(['code', 'id', 'meta', 'resourceType', 'status', 'subject', 'valueQuantity']);
    expect(subsetted(o)).toBe(true);
    const p = await one('Patient?_id=inc-p1&_elements=name');
    expect(Object.keys(p).sort()).toEqual(['id', 'meta', 'name', 'resourceType']);
    const bad = await s.fhir('GET', 'Patient?_elements=name,nosuch');
    expect(bad.status).toBe(400);
    expect(bad.body.issue[0].expression).toEqual(['_elements']);
  });
});

describe('_include and _revinclude', () => {
  it('includes what the matches point at, marked include', async () => {
    const r = await s.fhir('GET', 'Observation?_id=inc-o1&_include=Observation:subject');
    expect(ids(r)).toEqual(['Observation/inc-o1']);
    expect(ids(r, 'include')).toEqual(['Patient/inc-p1']);
    const typed = await s.fhir('GET', 'Observation?_id=inc-o1&_include=Observation:subject:Group');
    expect(ids(typed, 'include')).toEqual([]);
  });

  it('* includes every reference', async () => {
    const r = await s.fhir('GET', 'Observation?_id=inc-o1&_include=Observation:*');
    expect(ids(r, 'include').sort()).toEqual(['Encounter/inc-enc', 'Patient/inc-p1']);
    const p = await s.fhir('GET', 'Patient?_id=inc-p1&_include=Patient:*');
    expect(ids(p, 'include').sort()).toEqual(['Organization/inc-org', 'Practitioner/inc-gp']);
  });

  it('revincludes what points at the matches, once each', async () => {
    const r = await s.fhir('GET', 'Patient?_id=inc-p1,inc-p2&_revinclude=Observation:subject&_revinclude=Encounter:subject');
    expect(ids(r).sort()).toEqual(['Patient/inc-p1', 'Patient/inc-p2']);
    expect(ids(r, 'include').sort()).toEqual(['Encounter/inc-enc', 'Observation/inc-o1', 'Observation/inc-o2', 'Observation/inc-o3']);
  });

  it(':iterate follows included resources further, and only with :iterate', async () => {
    const q = 'Observation?_id=inc-o1&_include=Observation:encounter';
    const without = await s.fhir('GET', `${q}&_include=Encounter:participant`);
    expect(without.status).toBe(400);
    const r = await s.fhir('GET', `${q}&_include:iterate=Encounter:participant`);
    expect(ids(r, 'include').sort()).toEqual(['Encounter/inc-enc', 'Practitioner/inc-doc']);
    const rev = await s.fhir(
      'GET',
      'Patient?_id=inc-p1&_revinclude=Observation:subject&_include:iterate=Observation:encounter&_include:iterate=Encounter:participant',
    );
    expect(ids(rev, 'include').sort()).toEqual(['Encounter/inc-enc', 'Observation/inc-o1', 'Observation/inc-o2', 'Practitioner/inc-doc']);
  });

  it('_summary applies to included resources too', async () => {
    const r = await s.fhir('GET', 'Observation?_id=inc-o1&_include=Observation:subject&_summary=true');
    const p = r.body.entry.find((e: any) => e.search.mode === 'include').resource;
    expect(p.contact).toBeUndefined();
    expect(p.meta.tag.some((t: any) => t.code === 'SUBSETTED')).toBe(true);
  });
});

describe('POST _search', () => {
  it('answers as GET does, links included', async () => {
    const query = '_id=inc-o1,inc-o2,inc-o3&_sort=-_id&_count=2&_include=Observation:subject&_total=accurate';
    const get = await s.fhir('GET', `Observation?${query}`);
    const post = await s.fhir('POST', 'Observation/_search', query, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(post.status).toBe(200);
    expect(ids(post)).toEqual(['Observation/inc-o3', 'Observation/inc-o2']);
    expect(post.body.entry).toEqual(get.body.entry);
    expect(post.body.total).toBe(3);
    expect(linkOf(post, 'next')).toBe(linkOf(get, 'next'));
    expect(ids(await follow(linkOf(post, 'next')!))).toEqual(['Observation/inc-o1']);
  });
});
