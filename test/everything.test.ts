/**
 * Patient/$everything and Encounter/$everything on a realistic record: one Synthea patient
 * (../shared/data/synthea) with the practitioners, organizations and locations it refers
 * to. What each call should return is worked out here from the loaded JSON itself, not
 * from the server: the patient's resources, what they reference, care dates, updates.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toIdempotentBundle } from '../src/import/idempotent-bundle.ts';
import { startTestServer, type FhirResult, type TestServer } from './support/test-server.ts';
import { hasSharedData, sharedDataPath } from './support/shared-data.ts';

const available = hasSharedData('synthea', 'bundles');
const PATIENT_FILE = 'c0697745-be05-4abc-07e0-f78ca6cb7230.json.gz';

type Res = Record<string, any> & { resourceType: string; id: string };
interface Entry {
  fullUrl?: string;
  resource: Res;
  request: { method: string; url: string; ifNoneExist?: string };
}

const readBundle = (file: string) =>
  JSON.parse(gunzipSync(readFileSync(sharedDataPath('synthea', 'bundles', file))).toString('utf8')) as { type: string; entry: Entry[] };

const key = (r: { resourceType: string; id: string }) => `${r.resourceType}/${r.id}`;

/** Every `reference` string inside a resource. */
function referencesOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) referencesOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else referencesOf(v, out);
    }
  }
  return out;
}

/** The care date (as [low, high] in ms; high open = Infinity) per type, read straight from the JSON. */
function careDates(r: Res): [number, number][] | undefined {
  const instant = (t: string | undefined): [number, number] | undefined => {
    if (!t) return undefined;
    const ms = Date.parse(t);
    // Dates written to the second cover that second; plain dates the whole day.
    return [ms, ms + (t.length === 10 ? 86_400_000 : 1000) - 1];
  };
  const period = (p: { start?: string; end?: string } | undefined): [number, number] | undefined =>
    p ? [p.start ? Date.parse(p.start) : -Infinity, p.end ? instant(p.end)![1] : Infinity] : undefined;
  const pick: Record<string, () => [number, number] | undefined> = {
    Encounter: () => period(r.period),
    Observation: () => instant(r.effectiveDateTime) ?? period(r.effectivePeriod),
    DiagnosticReport: () => instant(r.effectiveDateTime) ?? period(r.effectivePeriod),
    Condition: () => instant(r.onsetDateTime) ?? period(r.onsetPeriod),
    Procedure: () => instant(r.performedDateTime) ?? period(r.performedPeriod),
    Immunization: () => instant(r.occurrenceDateTime),
    MedicationRequest: () => instant(r.authoredOn),
    MedicationAdministration: () => instant(r.effectiveDateTime) ?? period(r.effectivePeriod),
    Claim: () => instant(r.created),
    ExplanationOfBenefit: () => instant(r.created),
    DocumentReference: () => instant(r.date),
    CarePlan: () => period(r.period),
    CareTeam: () => period(r.period),
    AllergyIntolerance: () => instant(r.recordedDate),
    ImagingStudy: () => instant(r.started),
    Provenance: () => instant(r.recorded),
  };
  const f = pick[r.resourceType];
  if (!f) return undefined;
  const d = f();
  return d ? [d] : [];
}

let s: TestServer;
let patient: Res;
/** The patient's file, by Type/id, with references resolved to Type/id. */
const record = new Map<string, Res>();
const resolvedRefs = new Map<string, string[]>();
const directory = new Map<string, Res>();
const DIRECTORY_TYPES = ['Location', 'Medication', 'Organization', 'Practitioner', 'PractitionerRole'];

const ids = (r: FhirResult) => (r.body.entry ?? []).map((e: any) => key(e.resource)).sort() as string[];

async function all(path: string): Promise<{ ids: string[]; pages: number; total: number }> {
  let r = await s.fhir('GET', path);
  expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
  const total = r.body.total as number;
  const seen: string[] = [];
  let pages = 0;
  for (;;) {
    pages++;
    expect(r.body.type).toBe('searchset');
    seen.push(...(r.body.entry ?? []).map((e: any) => key(e.resource)));
    const next = r.body.link.find((l: any) => l.relation === 'next')?.url as string | undefined;
    if (!next) break;
    r = await s.fhir('GET', next.slice(s.fhirBase.length + 1));
    expect(r.status).toBe(200);
  }
  expect(new Set(seen).size, 'no resource twice').toBe(seen.length);
  return { ids: seen.sort(), pages, total };
}

/** The resources of the patient's file that are the patient's own (its Medications are shared catalogue entries). */
const ownRecord = () => [...record.values()].filter((x) => !DIRECTORY_TYPES.includes(x.resourceType));

/** The patient's resources (filtered), plus the directory resources they reference. */
function expectedFor(members: Res[]): string[] {
  const out = new Set(members.map(key));
  for (const m of members) for (const ref of resolvedRefs.get(key(m)) ?? []) if (DIRECTORY_TYPES.includes(ref.split('/')[0]!)) out.add(ref);
  return [...out].sort();
}

describe.runIf(available)('$everything', () => {
  beforeAll(async () => {
    s = await startTestServer();
    const byIdentifier = new Map<string, string>();
    for (const f of ['0-hospitalInformation1625911868739.json.gz', '0-practitionerInformation1625911868739.json.gz']) {
      for (const e of readBundle(f).entry) {
        directory.set(key(e.resource), e.resource);
        for (const i of e.resource.identifier ?? [])
          byIdentifier.set(`${e.resource.resourceType}?identifier=${i.system}|${i.value}`, key(e.resource));
      }
    }
    const file = readBundle(PATIENT_FILE);
    const urls = new Map(file.entry.map((e) => [e.fullUrl!, key(e.resource)]));
    const resolve = (refs: string[]) =>
      refs
        .map((ref) => urls.get(ref) ?? byIdentifier.get(ref) ?? (/^[A-Z][A-Za-z]+\/[^/?]+$/.test(ref) ? ref : undefined))
        .filter((x): x is string => x !== undefined);
    for (const e of file.entry) record.set(key(e.resource), e.resource);
    for (const e of file.entry) resolvedRefs.set(key(e.resource), resolve(referencesOf(e.resource)));
    patient = file.entry.find((e) => e.resource.resourceType === 'Patient')!.resource;

    // The directory entries the record needs (and what those need), plus a few it does not: PUT by id, organizations first.
    const needed = new Set([...resolvedRefs.values()].flat().filter((k) => directory.has(k)));
    for (const k of [...needed]) for (const dep of resolve(referencesOf(directory.get(k)))) if (directory.has(dep)) needed.add(dep);
    for (const k of [...directory.keys()].filter((k) => !needed.has(k)).slice(0, 6)) needed.add(k);
    const rank = (k: string) => ['Organization', 'Location', 'Practitioner', 'PractitionerRole'].indexOf(k.split('/')[0]!);
    const dirEntries = [...needed]
      .sort((a, b) => rank(a) - rank(b))
      .map((k) => ({ resource: directory.get(k)!, request: { method: 'PUT', url: k } }));
    const dir = await s.fhir('POST', '', { resourceType: 'Bundle', type: 'batch', entry: dirEntries });
    expect(dir.status).toBe(200);
    expect(dir.body.entry.filter((e: any) => !/^20[01]/.test(e.response.status))).toEqual([]);

    const loaded = await s.fhir('POST', '', { resourceType: 'Bundle', ...toIdempotentBundle(file) });
    expect(loaded.status, JSON.stringify(loaded.body).slice(0, 400)).toBe(200);

    // Someone else's record, which must never appear.
    await s.fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { resourceType: 'Patient', id: 'other-p' }, request: { method: 'PUT', url: 'Patient/other-p' } },
        {
          resource: {
            resourceType: 'Observation',
            id: 'other-o',
            status: 'final',
            code: { text: 'x' },
            subject: { reference: 'Patient/other-p' },
          },
          request: { method: 'PUT', url: 'Observation/other-o' },
        },
      ],
    });
  }, 300_000);
  afterAll(() => s?.stop());

  it('Patient/$everything: the whole record and what it references, paged, each resource once', async () => {
    const expected = expectedFor(ownRecord());
    // The file's Medications are in no compartment: they come because MedicationRequests name them.
    expect(expected.some((k) => k.startsWith('Medication/'))).toBe(true);
    expect(expected.filter((k) => k.startsWith('Practitioner/')).length).toBeGreaterThan(0);
    const got = await all(`Patient/${patient.id}/$everything?_count=50`);
    expect(got.ids).toEqual(expected);
    expect(got.total).toBe(expected.length);
    expect(got.pages).toBe(Math.ceil(expected.length / 50));
  });

  it('_type keeps only the types asked for', async () => {
    const r = await all(`Patient/${patient.id}/$everything?_type=Condition,Immunization&_count=1000`);
    expect(r.ids).toEqual(
      [...record.values()]
        .filter((x) => ['Condition', 'Immunization'].includes(x.resourceType))
        .map(key)
        .sort(),
    );
  });

  it('start and end keep the care that happened in the period (and everything without a care date)', async () => {
    const encounters = [...record.values()].filter((x) => x.resourceType === 'Encounter').map((e) => Date.parse(e.period.start));
    encounters.sort((a, b) => a - b);
    // A window over the middle of the record, on whole days.
    const from = new Date(encounters[Math.floor(encounters.length / 3)]!).toISOString().slice(0, 10);
    const to = new Date(encounters[Math.floor((2 * encounters.length) / 3)]!).toISOString().slice(0, 10);
    const low = Date.parse(`${from}T00:00:00Z`);
    const high = Date.parse(`${to}T23:59:59.999Z`);
    const inWindow = ownRecord().filter((x) => {
      const dates = careDates(x);
      return dates === undefined || dates.length === 0 || dates.some(([l, h]) => l <= high && h >= low);
    });
    expect(inWindow.length).toBeLessThan(ownRecord().length);
    expect(inWindow.length).toBeGreaterThan(10);
    const r = await all(`Patient/${patient.id}/$everything?start=${from}&end=${to}&_count=1000`);
    expect(r.ids).toEqual(expectedFor(inWindow));
    const onlyEnd = await all(`Patient/${patient.id}/$everything?end=${to}&_type=Encounter&_count=1000`);
    expect(onlyEnd.ids).toEqual(
      [...record.values()]
        .filter((x) => x.resourceType === 'Encounter' && Date.parse(x.period.start) <= high)
        .map(key)
        .sort(),
    );
  });

  it('POST with Parameters answers as GET does', async () => {
    const get = await s.fhir('GET', `Patient/${patient.id}/$everything?_type=Encounter,Patient&_count=5`);
    const post = await s.fhir('POST', `Patient/${patient.id}/$everything`, {
      resourceType: 'Parameters',
      parameter: [
        { name: '_type', valueString: 'Encounter,Patient' },
        { name: '_count', valueInteger: 5 },
      ],
    });
    expect(post.status).toBe(200);
    expect(ids(post)).toEqual(ids(get));
    expect(post.body.link.find((l: any) => l.relation === 'next').url).toBe(get.body.link.find((l: any) => l.relation === 'next').url);
  });

  it('Encounter/$everything: the encounter, what references it, and who and where', async () => {
    // The encounter most other resources point at.
    const counts = new Map<string, number>();
    for (const refs of resolvedRefs.values()) for (const r of refs) if (r.startsWith('Encounter/')) counts.set(r, (counts.get(r) ?? 0) + 1);
    const [encounterKey] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const members = [
      record.get(encounterKey)!,
      ...[...record.values()].filter((x) => (resolvedRefs.get(key(x)) ?? []).includes(encounterKey)),
    ];
    const expected = new Set(expectedFor(members));
    expected.add(key(patient));
    // Immunization.encounter has no R4 search parameter: an immunization given at the visit is not linked to it.
    for (const k of [...expected]) if (k.startsWith('Immunization/')) expected.delete(k);
    const r = await all(`${encounterKey}/$everything?_count=7`);
    expect(r.ids).toEqual([...expected].sort());
    expect(r.ids.length).toBeGreaterThan(7);
  });

  it('_since keeps what changed since then', async () => {
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const obs = [...record.values()].find((x) => x.resourceType === 'Observation')!;
    const changed = { ...(await s.fhir('GET', key(obs))).body, status: 'amended' };
    expect((await s.fhir('PUT', key(obs), changed)).status).toBe(200);
    const created = await s.fhir('POST', 'Observation', {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'new' },
      subject: { reference: `Patient/${patient.id}` },
    });
    expect(created.status).toBe(201);
    const r = await all(`Patient/${patient.id}/$everything?_since=${encodeURIComponent(since)}`);
    expect(r.ids).toEqual([key(obs), `Observation/${created.body.id}`].sort());
  });

  it('refuses unknown or malformed parameters, naming them', async () => {
    for (const [q, field] of [
      ['start=yesterday', 'start'],
      ['_since=2020-01-01', '_since'],
      ['_type=Nonsense', '_type'],
      ['_count=-1', '_count'],
      ['_cursor=abc', '_cursor'],
      ['subject=x', 'subject'],
    ]) {
      const r = await s.fhir('GET', `Patient/${patient.id}/$everything?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.issue[0].expression, q).toEqual([field]);
    }
    expect((await s.fhir('GET', 'Patient/nosuch/$everything')).status).toBe(404);
    expect((await s.fhir('GET', `Observation/other-o/$everything`)).status).toBe(404);
  });

  it('is listed in the CapabilityStatement', async () => {
    const cs = (await s.fhir('GET', 'metadata')).body;
    const ops = (type: string) => cs.rest[0].resource.find((r: any) => r.type === type).operation.map((o: any) => o.name);
    expect(ops('Patient')).toContain('everything');
    expect(ops('Encounter')).toContain('everything');
  });
});
