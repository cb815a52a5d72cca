/**
 * Hale's own demo data, shaped exactly like Synthea's FHIR output so one importer reads
 * both: a `batch` Bundle of the shared resources (organizations, locations,
 * practitioners and their roles, each a conditional create), then one `transaction`
 * Bundle per patient, made lazily, whose entries reference each other by `urn:uuid:`
 * and the shared resources by conditional reference (`Practitioner?identifier=...`).
 *
 * Deterministic: the same options give the same JSON. Each patient comes from a random
 * stream of its own (seed, index), so patient N is the same however many are generated,
 * and ids cannot collide (uuids.ts). `now` defaults to the start of the current UTC day,
 * so without it the output is the same all day; pass `now` to pin it for good.
 */
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { drawBody } from './body-model.ts';
import { postEntry } from './bundle-entries.ts';
import { generateClinicalHistory, type HistorySize } from './clinical-history.ts';
import { startOfDay } from './fhir-time.ts';
import { drawDemographics, patientResource } from './patient-resource.ts';
import { Random } from './random.ts';
import { generateShared, seedTag, type Directory } from './shared-resources.ts';
import { UuidSource } from './uuids.ts';

export interface GeneratedSet {
  shared: Bundle;
  patients: Iterable<Bundle>;
}

export interface DemoSetOptions {
  patients: number;
  seed?: number;
  organizations?: number;
  practitioners?: number;
  now?: Date;
  /** `demographics`: the Patient alone, no clinical history (a registry at scale, for lookup). */
  resourcesPerPatient?: PopulationSize;
  /**
   * Index of the first patient (default 0): a later run with `firstIndex` = the patients
   * loaded so far adds new patients, with ids and MRNs that cannot collide with the first.
   */
  firstIndex?: number;
  /**
   * Every patient whose index is `heavyEvery - 1` modulo `heavyEvery` gets the heavy
   * history (500+ resources), so any `heavyEvery` consecutive patients include one
   * (a `Patient/$everything` of realistic size for benchmarks). Off by default.
   */
  heavyEvery?: number;
}

export type PopulationSize = HistorySize | 'demographics';

export const DEFAULT_SEED = 1;

/** Default shared sizes: a few for a handful of patients, growing with the population up to a cap. */
export function defaultOrganizations(patients: number): number {
  return Math.min(1_000, Math.max(4, Math.ceil(patients / 250)));
}

export function defaultPractitioners(patients: number): number {
  return Math.min(10_000, Math.max(12, Math.ceil(patients / 25)));
}

export function generateDemoSet(opts: DemoSetOptions): GeneratedSet {
  const count = Math.floor(opts.patients);
  if (!Number.isFinite(count) || count < 0) throw new RangeError(`patients must be a number >= 0, not ${opts.patients}`);
  const seed = opts.seed ?? DEFAULT_SEED;
  const size: PopulationSize = opts.resourcesPerPatient ?? 'typical';
  const first = Math.floor(opts.firstIndex ?? 0);
  if (!Number.isFinite(first) || first < 0) throw new RangeError(`firstIndex must be a number >= 0, not ${opts.firstIndex}`);
  const heavyEvery = opts.heavyEvery === undefined ? 0 : Math.floor(opts.heavyEvery);
  if (!Number.isFinite(heavyEvery) || heavyEvery < 0)
    throw new RangeError(`heavyEvery must be a number >= 0 (0: none heavy), not ${opts.heavyEvery}`);
  const now = opts.now ? opts.now.getTime() : startOfDay(Date.now());
  if (!Number.isFinite(now)) throw new RangeError('now must be a valid Date');
  const { bundle, directory } = generateShared({
    seed,
    organizations: opts.organizations ?? defaultOrganizations(count),
    practitioners: opts.practitioners ?? defaultPractitioners(count),
  });
  const ctx: PatientContext = { seed, tag: seedTag(seed), directory, now, size, heavyEvery };
  return {
    shared: bundle,
    patients: {
      *[Symbol.iterator]() {
        for (let i = first; i < first + count; i++) yield generatePatientBundle(ctx, i);
      },
    },
  };
}

interface PatientContext {
  seed: number;
  tag: string;
  directory: Directory;
  now: number;
  size: PopulationSize;
  heavyEvery: number;
}

/** The history size of patient `index`: the set's size, or heavy for every heavyEvery-th patient. */
export function historySizeOf(size: HistorySize, heavyEvery: number, index: number): HistorySize {
  return heavyEvery > 0 && index % heavyEvery === heavyEvery - 1 ? 'heavy' : size;
}

function generatePatientBundle(ctx: PatientContext, index: number): Bundle {
  const rnd = new Random(ctx.seed, index);
  const uuids = new UuidSource(ctx.seed, index);
  const demo = drawDemographics(rnd, ctx.directory, ctx.now);
  const body = drawBody(rnd, demo.sex);
  const id = uuids.next();
  const slot = { seed: ctx.seed, tag: ctx.tag, index };
  const entries: BundleEntry[] = [postEntry(patientResource(rnd, id, slot, demo, ctx.now))];
  if (ctx.size === 'demographics') return { resourceType: 'Bundle', type: 'transaction', entry: entries };
  const size = historySizeOf(ctx.size, ctx.heavyEvery, index);
  generateClinicalHistory({ rnd, uuids, entries, patientUrn: `urn:uuid:${id}`, demo, body, now: ctx.now, size });
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}
