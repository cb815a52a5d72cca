/**
 * Pages sorted by one date or string and served by a walk of its index (sort-walk.ts) are
 * the pages the full sort gives: every page, both directions, with ties, open ends,
 * resources without the value, several values per resource, updated and deleted
 * resources, and walks too short for the page (which fall back). Small walk budgets make
 * every edge case happen on a few dozen resources. Runs on the embedded engine, or on
 * PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/test-server.ts';
import { runSearch } from '../store/search-resources.ts';
import { encodeCursor } from './page-cursor.ts';

let s: TestServer;

/** The dates each Observation ends up with (after the updates below): [low, high] per value, null for an open end. */
const expected = new Map<string, [string | null, string | null][]>();
/** Each Observation's code. */
const codes = new Map<string, string>();

function observation(id: string, code: string, effective: Record<string, unknown>): Record<string, unknown> {
  return { resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: 'http://loinc.org', code }] }, ...effective };
}

beforeAll(async () => {
  s = await startTestServer();
  const resources: Record<string, unknown>[] = [];
  const add = (id: string, code: string, effective: Record<string, unknown>, dates: [string | null, string | null][]) => {
    resources.push(observation(id, code, effective));
    expected.set(id, dates);
    codes.set(id, code);
  };
  // Thirty on twelve distinct days: many ties, which the walk must order by id like the full sort.
  for (let i = 0; i < 30; i++) {
    const day = `2026-0${1 + (i % 4)}-1${i % 3}T08:00:00Z`;
    add(`obs-${String(i).padStart(2, '0')}`, i % 3 === 0 ? 'rare' : 'common', { effectiveDateTime: day }, [[day, day]]);
  }
  // Open ends: an ongoing period sorts first in -date, an open start first in date.
  add('open-end', 'common', { effectivePeriod: { start: '2025-06-01T00:00:00Z' } }, [['2025-06-01T00:00:00Z', null]]);
  add('open-start', 'common', { effectivePeriod: { end: '2025-07-01T00:00:00Z' } }, [[null, '2025-07-01T00:00:00Z']]);
  // No date at all: after every dated resource, in both directions.
  add('no-date-a', 'common', {}, []);
  add('no-date-b', 'rare', {}, []);
  // A wide period: among the first by its end (-date), among the first by its start (date).
  add('wide', 'common', { effectivePeriod: { start: '2024-01-01T00:00:00Z', end: '2027-01-01T00:00:00Z' } }, [
    ['2024-01-01T00:00:00Z', '2027-01-01T00:00:00Z'],
  ]);
  const put = await s.fhir('POST', '', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({ resource, request: { method: 'PUT', url: `Observation/${resource.id as string}` } })),
  });
  expect(put.status, JSON.stringify(put.body).slice(0, 500)).toBe(200);
  // An update moves a resource's date (its old index row must not place it), a delete removes one.
  const moved = '2026-02-28T23:00:00Z';
  expect((await s.fhir('PUT', 'Observation/obs-05', observation('obs-05', 'common', { effectiveDateTime: moved }))).status).toBe(200);
  expected.set('obs-05', [[moved, moved]]);
  expect((await s.fhir('DELETE', 'Observation/obs-07')).status).toBe(200);
  expected.delete('obs-07');
}, 120_000);
afterAll(() => s?.stop());

/** The ids in the order the spec's _sort gives: by the largest end (-date) or the smallest start (date), then id; no date last. */
function expectedOrder(descending: boolean, code?: string): string[] {
  const value = (id: string): number | null => {
    const dates = expected.get(id)!;
    if (dates.length === 0) return null;
    const ends = dates.map(([low, high]) =>
      descending ? (high === null ? Infinity : Date.parse(high)) : low === null ? -Infinity : Date.parse(low),
    );
    return descending ? Math.max(...ends) : Math.min(...ends);
  };
  return [...expected.keys()]
    .filter((id) => !code || codes.get(id) === code)
    .sort((a, b) => {
      const [va, vb] = [value(a), value(b)];
      if (va !== vb) {
        if (va === null) return 1;
        if (vb === null) return -1;
        return descending ? vb - va : va - vb;
      }
      return a < b ? -1 : 1;
    });
}

/**
 * Every page of `query`, following the keyset cursor as a client follows next links, then
 * back from the last page through previous links, which must give the same pages; and how
 * many pages the walk served.
 */
async function allPages(
  query: string,
  walkBudget: number,
  type = 'Observation',
): Promise<{ ids: string[]; walked: number; walkedBack: number; pages: number }> {
  const ids: string[] = [];
  let walked = 0;
  let walkedBack = 0;
  let pages = 0;
  const withCursor = (cursor: Parameters<typeof encodeCursor>[2], sort: Parameters<typeof encodeCursor>[1]) => {
    const params = new URLSearchParams(query);
    params.set('_cursor', encodeCursor(type, sort, cursor));
    return params;
  };
  let page = await runSearch(s.hale.db, type, new URLSearchParams(query), false, { walkBudget });
  const forward: string[][] = [];
  for (;;) {
    pages++;
    if (page.walked) walked++;
    forward.push(page.matches.map((m) => m.id));
    if (!page.hasMore) break;
    expect(pages, 'pages').toBeLessThan(100);
    page = await runSearch(s.hale.db, type, withCursor(page.lastPosition!, page.request.sort), false, { walkBudget });
  }
  ids.push(...forward.flat());
  // Back through the previous links: each page is the one before it going forward.
  for (let n = forward.length - 1; page.hasPrevious && page.firstPosition; n--) {
    page = await runSearch(s.hale.db, type, withCursor(page.firstPosition, page.request.sort), false, { walkBudget });
    if (page.walked) walkedBack++;
    expect(
      page.matches.map((m) => m.id),
      `previous page before page ${n + 1}`,
    ).toEqual(forward[n - 1]);
  }
  return { ids, walked, walkedBack, pages };
}

describe('sorted pages from a walk of the sort index', () => {
  for (const sort of ['-date', 'date']) {
    for (const code of [undefined, 'rare']) {
      const query = `_sort=${sort}${code ? `&code=${code}` : ''}`;
      it(`${query}: every page as the full sort gives it, whatever the walk's budget and the page size`, async () => {
        const want = expectedOrder(sort.startsWith('-'), code);
        let walkedPages = 0;
        let walkedBack = 0;
        for (const count of [1, 3, 7]) {
          const full = await allPages(`${query}&_count=${count}`, 0);
          expect(full.ids, `no walk, _count=${count}`).toEqual(want);
          expect(full.walked).toBe(0);
          for (const budget of [1, 2, 5, 12, 1000]) {
            const got = await allPages(`${query}&_count=${count}`, budget);
            expect(got.ids, `walk budget ${budget}, _count=${count}`).toEqual(want);
            walkedPages += got.walked;
            walkedBack += got.walkedBack;
          }
        }
        // The walk served pages both ways (the comparisons above are not only the fallback's).
        expect(walkedPages).toBeGreaterThan(10);
        expect(walkedBack).toBeGreaterThan(5);
      });
    }
  }

  it('places a resource with several dates by its largest (-date) or smallest (date), also on later pages', async () => {
    // Immunization.reaction.date repeats: a walk meets such a resource once per date, and a
    // later page's walk may meet its lesser dates after the page that showed it.
    const dates: Record<string, string[]> = {
      'imm-a': ['2026-03-01', '2026-01-01', '2026-05-01'],
      'imm-b': ['2026-04-01'],
      'imm-c': ['2026-02-01', '2026-06-01'],
      'imm-d': ['2026-01-15', '2026-04-01'],
      'imm-e': ['2026-03-01'],
      'imm-f': [],
      // Lesser dates close together below a greater one: a short walk meets them first, in both directions.
      'imm-g': ['2026-03-15', '2026-07-01'],
      'imm-h': ['2026-03-20'],
      'imm-i': ['2026-03-25', '2026-02-20'],
    };
    const entry = Object.entries(dates).map(([id, list]) => ({
      resource: {
        resourceType: 'Immunization',
        id,
        status: 'completed',
        vaccineCode: { text: 'influenza' },
        patient: { reference: 'Patient/nobody' },
        occurrenceDateTime: '2025-12-01',
        ...(list.length ? { reaction: list.map((date) => ({ date })) } : {}),
      },
      request: { method: 'PUT', url: `Immunization/${id}` },
    }));
    const put = await s.fhir('POST', '', { resourceType: 'Bundle', type: 'batch', entry });
    expect(
      put.body.entry.map((e: { response: { status: string } }) => e.response.status.slice(0, 3)),
      JSON.stringify(put.body).slice(0, 800),
    ).toEqual(entry.map(() => '201'));
    const order = (descending: boolean) =>
      Object.keys(dates).sort((a, b) => {
        const [la, lb] = [dates[a]!, dates[b]!];
        if (!la.length || !lb.length) return la.length ? -1 : lb.length ? 1 : a < b ? -1 : 1;
        const [va, vb] = descending ? [la.sort().at(-1)!, lb.sort().at(-1)!] : [la.sort()[0]!, lb.sort()[0]!];
        return va !== vb ? (va < vb !== descending ? -1 : 1) : a < b ? -1 : 1;
      });
    let walkedPages = 0;
    for (const sort of ['-reaction-date', 'reaction-date']) {
      for (const count of [1, 2, 4]) {
        for (const walkBudget of [0, 1, 2, 3, 4, 5, 1000]) {
          const got = await allPages(`_sort=${sort}&_count=${count}`, walkBudget, 'Immunization');
          expect(got.ids, `${sort}, _count=${count}, walk budget ${walkBudget}`).toEqual(order(sort.startsWith('-')));
          walkedPages += got.walked;
        }
      }
    }
    expect(walkedPages).toBeGreaterThan(10);
  });

  it('sorts patients by family name (byte order of the normalised names) the same way walked or not', async () => {
    const families: Record<string, string[]> = {
      'pat-a': ['Okafor', 'Adeyemi'],
      'pat-b': ['Zhang'],
      'pat-c': ['Ólafsdóttir'],
      'pat-d': ['okafor'],
      'pat-e': ['Müller', 'Zhang'],
      'pat-f': [],
      'pat-g': ["O'Brien"],
      'pat-h': ['Adeyemi'],
      'pat-i': ['van der Berg'],
    };
    const entry = Object.entries(families).map(([id, list]) => ({
      resource: { resourceType: 'Patient', id, ...(list.length ? { name: list.map((family) => ({ family })) } : { gender: 'other' }) },
      request: { method: 'PUT', url: `Patient/${id}` },
    }));
    const put = await s.fhir('POST', '', { resourceType: 'Bundle', type: 'batch', entry });
    expect(put.status).toBe(200);
    let walkedPages = 0;
    for (const sort of ['family', '-family']) {
      const full = await allPages(`_sort=${sort}&_count=50`, 0, 'Patient');
      expect(full.ids).toHaveLength(9);
      // The patient without a name is last; ties (okafor twice, adeyemi twice) go by id.
      expect(full.ids.at(-1)).toBe('pat-f');
      if (sort === 'family') expect(full.ids.slice(0, 2)).toEqual(['pat-a', 'pat-h']);
      else expect(full.ids.slice(0, 2)).toEqual(['pat-b', 'pat-e']);
      for (const count of [1, 2, 4]) {
        for (const walkBudget of [1, 2, 3, 1000]) {
          const got = await allPages(`_sort=${sort}&_count=${count}`, walkBudget, 'Patient');
          expect(got.ids, `${sort}, _count=${count}, walk budget ${walkBudget}`).toEqual(full.ids);
          walkedPages += got.walked;
        }
      }
    }
    expect(walkedPages).toBeGreaterThan(10);
  });

  it('leaves searches that name a resource to the usual query', async () => {
    for (const query of ['_id=obs-01,obs-02,obs-03&_sort=-date&_count=1', 'subject=Patient/nobody&_sort=-date&_count=1']) {
      const page = await runSearch(s.hale.db, 'Observation', new URLSearchParams(query), false, { walkBudget: 1000 });
      expect(page.walked, query).toBeUndefined();
    }
    const worklist = await runSearch(s.hale.db, 'Observation', new URLSearchParams('code=common&_sort=-date&_count=1'), false, {
      walkBudget: 1000,
    });
    expect(worklist.walked).toBe(true);
  });

  it('serves a page through the API with one audit record naming exactly its results, walked or not', async () => {
    const pageOf = (r: { body: { entry?: { resource: { id: string } }[] } }) =>
      (r.body.entry ?? []).map((e) => `Observation/${e.resource.id}`);
    const recordedResults = async (r: { headers: Headers }) =>
      (
        await s.hale.db.query<{ result_ids: string[] }>(`SELECT result_ids FROM audit_event WHERE request_id = $1 AND action = 'search'`, [
          r.headers.get('x-request-id'),
        ])
      ).rows.map((x) => x.result_ids);
    const link = (r: { body: { link?: { relation: string; url: string }[] } }, relation: string) =>
      r.body.link!.find((l) => l.relation === relation)!.url.slice(s.fhirBase.length + 1);
    for (const q of ['_sort=-date&_count=4', '_sort=date&code=rare&_count=50']) {
      const r = await s.fhir('GET', `Observation?${q}`);
      expect(r.status).toBe(200);
      const pageIds = pageOf(r);
      const want = expectedOrder(q.startsWith('_sort=-'), q.includes('rare') ? 'rare' : undefined).map((id) => `Observation/${id}`);
      expect(pageIds).toEqual(want.slice(0, pageIds.length));
      expect(await recordedResults(r)).toEqual([pageIds]);
    }
    // Next, then previous: the first page again (a short page reached backward), recorded once.
    const first = await s.fhir('GET', 'Observation?_sort=-date&_count=4');
    const second = await s.fhir('GET', link(first, 'next'));
    const back = await s.fhir('GET', link(second, 'previous'));
    expect(pageOf(back)).toEqual(pageOf(first));
    // The record lists them as the page shows them, though the statement read them last first.
    expect(await recordedResults(back)).toEqual([pageOf(first)]);
    const last = await s.fhir('GET', link(first, 'last'));
    expect(pageOf(last).length).toBeGreaterThan(1);
    expect(await recordedResults(last)).toEqual([pageOf(last)]);
  });
});
