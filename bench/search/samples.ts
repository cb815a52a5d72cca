/**
 * Real values to search for, without asking the database: `hale generate` is
 * deterministic, so regenerating chosen patients (spread over the whole population)
 * gives their ids, names, identifiers, codes and dates exactly as they were loaded.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { HEAVY_EVERY, generatedPopulation } from '../../src/cli/generate-command.ts';
import { Random } from '../../src/demo/random.ts';

/** The population every search benchmark loads: the same seed and end date each run, so --reuse stays valid. */
export const POPULATION = { seed: 1, size: 'typical', asOf: new Date('2026-01-01T00:00:00Z') } as const;

export interface SampledPatient {
  index: number;
  id: string;
  family: string;
  given: string;
  birthDate: string;
  identifiers: { system: string; value: string }[];
  /** The NPI of the patient's general practitioner. */
  gpNpi?: string;
  observations: { code: string; date: string }[];
  conditionCodes: string[];
  encounterDates: string[];
  resources: number;
}

export interface Samples {
  patients: SampledPatient[];
  /** Patients with the heavy history (500+ resources), for $everything. */
  heavy: SampledPatient[];
}

function sample(index: number, bundle: Bundle): SampledPatient {
  const resources = (bundle.entry ?? []).map((e) => e.resource as Resource);
  const patient = resources[0] as Extract<Resource, { resourceType: 'Patient' }>;
  const official = patient.name![0]!;
  const gp = patient.generalPractitioner?.[0]?.reference ?? '';
  const out: SampledPatient = {
    index,
    id: patient.id!,
    family: official.family ?? '',
    given: official.given?.[0] ?? '',
    birthDate: patient.birthDate!,
    identifiers: (patient.identifier ?? [])
      .filter((i) => i.system && i.value && !i.system.endsWith('/resource-id'))
      .map((i) => ({ system: i.system!, value: i.value! })),
    gpNpi: /us-npi\|(\d+)$/.exec(gp)?.[1],
    observations: [],
    conditionCodes: [],
    encounterDates: [],
    resources: resources.length,
  };
  for (const r of resources) {
    if (r.resourceType === 'Observation' && r.effectiveDateTime)
      out.observations.push({ code: r.code.coding![0]!.code!, date: r.effectiveDateTime });
    if (r.resourceType === 'Condition') out.conditionCodes.push(r.code!.coding![0]!.code!);
    if (r.resourceType === 'Encounter' && r.period?.start) out.encounterDates.push(r.period.start.slice(0, 10));
  }
  return out;
}

function regenerate(index: number): SampledPatient {
  const set = generatedPopulation({ ...POPULATION, patients: 1, offset: index });
  for (const b of set.patients) return sample(index, b);
  throw new Error(`no patient ${index}`);
}

/** `count` patients at random indices below `population`, plus up to 8 of the heavy ones. */
export function drawSamples(population: number, count: number): Samples {
  const rnd = new Random(20_261_203, population);
  const indices = new Set<number>();
  while (indices.size < Math.min(count, population)) indices.add(rnd.int(0, population - 1));
  const patients = [...indices].map(regenerate);
  const heavyIndices: number[] = [];
  for (
    let i = HEAVY_EVERY - 1;
    i < population && heavyIndices.length < 8;
    i += HEAVY_EVERY * Math.max(1, Math.floor(population / HEAVY_EVERY / 8))
  )
    heavyIndices.push(i);
  const heavy = heavyIndices.map(regenerate);
  return { patients, heavy };
}
