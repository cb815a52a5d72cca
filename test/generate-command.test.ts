/**
 * `hale generate` as a user runs it: a small population loaded through the import path,
 * with progress and a per-type summary; the patients stored are exactly the generator's
 * for the seed (so a benchmark can regenerate them to know what to search for), a rerun
 * adds nothing, `--offset` adds new patients beside the first, and bad flags are refused
 * with the flag named. The heavy patient of every 1,000 is a unit test of the generator
 * (src/demo/generate-patients.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHaleCommand, startChildServer, type ChildServer } from './support/child-server.ts';
import { isolatedStore } from './support/test-server.ts';
import { generatedPopulation, parseGenerateFlags } from '../src/cli/generate-command.ts';

const store = isolatedStore('generate-cmd');
const AS_OF = '2025-06-01';
const FLAGS = ['--seed', '42', '--size', 'light', '--as-of', AS_OF];

/** What the generator makes for these flags: patient ids and resource counts per type. */
function expected(patients: number, offset: number): { ids: string[]; byType: Record<string, number>; firstObservations: number } {
  const set = generatedPopulation({ patients, offset, seed: 42, size: 'light', asOf: new Date(`${AS_OF}T00:00:00Z`) });
  const ids: string[] = [];
  const byType: Record<string, number> = {};
  let firstObservations = -1;
  for (const b of set.patients) {
    ids.push(b.entry![0]!.resource!.id!);
    for (const e of b.entry!) byType[e.resource!.resourceType] = (byType[e.resource!.resourceType] ?? 0) + 1;
    if (firstObservations < 0) firstObservations = byType.Observation ?? 0;
  }
  return { ids, byType, firstObservations };
}

let first: { code: number | string; output: string };
let more: { code: number | string; output: string };
let server: ChildServer;

// Two runs, then one server to look at the result: patients 1-6, then 5-8 (5 and 6 again, 7 and 8 new).
beforeAll(async () => {
  first = await runHaleCommand(['generate', '--patients', '6', ...FLAGS], store.env, 240_000);
  more = await runHaleCommand(['generate', '--patients', '4', '--offset', '4', '--quiet', ...FLAGS], store.env, 240_000);
  server = await startChildServer(store.env);
}, 480_000);
afterAll(async () => {
  await server?.stop();
  await store.cleanup();
});

async function patientIds(): Promise<string[]> {
  const res = await server.fetch(`${server.url}/fhir/R4/Patient?_count=100&_elements=id`);
  const body = (await res.json()) as { entry?: { resource: { id: string } }[] };
  return (body.entry ?? []).map((e) => e.resource.id).sort();
}

async function total(query: string): Promise<number> {
  const res = await server.fetch(`${server.url}/fhir/R4/${query}${query.includes('?') ? '&' : '?'}_total=accurate&_count=0`);
  return ((await res.json()) as { total: number }).total;
}

describe('hale generate', () => {
  it('loads the seed’s patients with progress and a per-type summary', async () => {
    const want = expected(6, 0);
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/Generating patients 1 to 6 of seed 42 \(light, as of 2025-06-01\)/);
    expect(first.output).toMatch(/Generating \[[^\]]*\] \d+\/6 patients \| \d+ resources \| \d+ resources\/s/);
    const patientsInBundles = Object.values(want.byType).reduce((a, b) => a + b, 0);
    // 20 organizations + 20 locations + 200 practitioners + 200 roles, then the patients' own resources
    expect(first.output).toMatch(
      new RegExp(`Generated 6 patients: ${patientsInBundles + 440} resources in [\\d.]+ s \\(\\d+ resources/s\\)`),
    );
    expect(first.output).toMatch(/Practitioner\s+200\n/);
    expect(first.output).toMatch(new RegExp(`Observation\\s+${want.byType.Observation}\\n`));
    expect(first.output).toMatch(/Patient\s+6\n/);

    {
      expect((await patientIds()).filter((id) => want.ids.includes(id))).toEqual([...want.ids].sort());
      expect(await total(`Observation?patient=Patient/${want.ids[0]}`)).toBe(want.firstObservations);
      expect(await total('Practitioner')).toBe(200);
      // References inside a patient's bundle were resolved to the stored resources.
      const obs = await (await server.fetch(`${server.url}/fhir/R4/Observation?patient=Patient/${want.ids[0]}&_count=1`)).json();
      expect(obs.entry[0].resource.subject.reference).toBe(`Patient/${want.ids[0]}`);
      expect(obs.entry[0].resource.encounter.reference).toMatch(/^Encounter\/[0-9a-f-]{36}$/);
      // Several identifier systems: the MRN (with its check digit) finds the patient.
      const patient = await (await server.fetch(`${server.url}/fhir/R4/Patient/${want.ids[0]}`)).json();
      const mrn = patient.identifier.find((i: { system: string }) => i.system === 'https://hale.example/mrn');
      expect(mrn.value).toMatch(/^[0-9A-F]{6}-\d{9}$/);
      const byMrn = await (await server.fetch(`${server.url}/fhir/R4/Patient?identifier=https://hale.example/mrn|${mrn.value}`)).json();
      expect(byMrn.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([want.ids[0]]);
    }
  });

  it('adds nothing for patients already loaded, and new patients past them (--offset)', async () => {
    expect(more.code).toBe(0);
    expect(more.output).toMatch(/Generating patients 5 to 8 of seed 42/);
    expect(more.output).not.toMatch(/Generating \[/); // --quiet: no progress bar

    const want = [...expected(6, 0).ids, ...expected(2, 6).ids].sort();
    {
      expect(await patientIds()).toEqual(want);
      expect(await total('Practitioner')).toBe(200);
      expect(await total('Organization')).toBe(20);
      // The rerun of patients 5 and 6 wrote no new versions.
      for (const id of expected(2, 4).ids) {
        const history = await (await server.fetch(`${server.url}/fhir/R4/Patient/${id}/_history`)).json();
        expect(history.total).toBe(1);
      }
      const all = expected(6, 0).byType.Observation! + expected(2, 6).byType.Observation!;
      expect(await total('Observation')).toBe(all);
    }
  });

  it('refuses bad flags with exit code 2, naming the flag', async () => {
    const r = await runHaleCommand(['generate', '--patients', '0'], store.env);
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/--patients must be a whole number from 1 to 10000000, got "0"/);
  });

  it.each([
    [{}, '--patients is required (how many patients to generate)'],
    [{ patients: '2.5' }, '--patients must be a whole number from 1 to 10000000, got "2.5"'],
    [{ patients: '3', size: 'huge' }, '--size must be one of demographics, light, typical, heavy, got "huge"'],
    [{ patients: '3', offset: '-1' }, '--offset must be a whole number from 0 to 10000000, got "-1"'],
    [{ patients: '3', seed: 'abc' }, '--seed must be a number, got "abc"'],
    [{ patients: '3', asOf: '2025-02-30' }, '--as-of must be a date YYYY-MM-DD, got "2025-02-30"'],
    [{ patients: '3', concurrency: '100' }, '--concurrency must be a whole number from 1 to 64, got "100"'],
  ])('checks the flags %j', (flags, message) => {
    expect(parseGenerateFlags(flags)).toBe(message);
  });

  it('reads good flags, with the defaults', () => {
    expect(parseGenerateFlags({ patients: '100000', seed: '7', offset: '5', asOf: '2024-02-29', size: 'heavy' })).toEqual({
      patients: 100_000,
      seed: 7,
      offset: 5,
      size: 'heavy',
      asOf: new Date('2024-02-29T00:00:00Z'),
      concurrency: undefined,
    });
    const plan = parseGenerateFlags({ patients: '1' });
    expect(plan).toMatchObject({ seed: 1, offset: 0, size: 'typical' });
    expect((plan as { asOf: Date }).asOf.getUTCDate()).toBe(1);
  });
});
