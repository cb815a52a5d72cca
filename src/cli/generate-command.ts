/**
 * `hale generate --patients N`: writes a generated population (src/demo) through the same
 * path as `hale import`: each patient is one transaction Bundle, validated, indexed and
 * audited as the system, made only when a loader is free to take it (never the whole
 * population in memory). Ids come from (seed, patient index), and POSTs become PUTs by
 * id (as in an import), so a rerun with the same seed writes no duplicates and no new
 * versions, and `--offset K` adds patients K, K+1, ... next to the ones already loaded.
 */
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config.ts';
import type { BundleSink } from '../import/import-files.ts';
import { toIdempotentBundle } from '../import/idempotent-bundle.ts';
import { generateDemoSet, type GeneratedSet } from '../demo/generate-patients.ts';
import { withBundleSink } from './bundle-sink.ts';

export interface GenerateFlags {
  patients?: string;
  seed?: string;
  size?: string;
  concurrency?: string;
  offset?: string;
  asOf?: string;
  server?: string;
  quiet?: boolean;
}

/**
 * The hospitals, clinics and practitioners are the same for every run of a seed (not sized
 * by --patients), so patient N is the same whatever --patients and --offset are, and a
 * later run can add patients to an earlier one. At 100,000 patients, 200 practitioners
 * give a general practitioner a list of about 1,000 patients, as in real practice.
 */
export const GENERATE_ORGANIZATIONS = 20;
export const GENERATE_PRACTITIONERS = 200;
/** One patient in every 1,000 (by index) has the heavy history (500+ resources). */
export const HEAVY_EVERY = 1000;
const MAX_PATIENTS = 10_000_000;
const SIZES = ['demographics', 'light', 'typical', 'heavy'] as const;

export interface Plan {
  patients: number;
  seed: number;
  size: (typeof SIZES)[number];
  offset: number;
  asOf: Date;
  concurrency?: number;
}

/** Each flag checked on its own, so the message names the flag and says what it needs. */
export function parseGenerateFlags(f: GenerateFlags): Plan | string {
  const whole = (flag: string, raw: string | undefined, min: number, max: number): number | string | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max
      ? n
      : `--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`;
  };
  const patients = whole('patients', f.patients, 1, MAX_PATIENTS);
  if (patients === undefined) return '--patients is required (how many patients to generate)';
  if (typeof patients === 'string') return patients;
  const offset = whole('offset', f.offset, 0, MAX_PATIENTS) ?? 0;
  if (typeof offset === 'string') return offset;
  const concurrency = whole('concurrency', f.concurrency, 1, 64);
  if (typeof concurrency === 'string') return concurrency;
  const seed = f.seed === undefined ? 1 : Number(f.seed);
  if (!Number.isFinite(seed) || f.seed?.trim() === '') return `--seed must be a number, got ${JSON.stringify(f.seed)}`;
  const size = (f.size ?? 'typical') as Plan['size'];
  if (!SIZES.includes(size)) return `--size must be one of ${SIZES.join(', ')}, got ${JSON.stringify(f.size)}`;
  let asOf: Date;
  if (f.asOf === undefined) {
    // The first day of the current month (UTC): reruns within a month make the same data.
    const now = new Date();
    asOf = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  } else {
    asOf = new Date(`${f.asOf}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.asOf) || Number.isNaN(asOf.getTime()) || asOf.toISOString().slice(0, 10) !== f.asOf)
      return `--as-of must be a date YYYY-MM-DD, got ${JSON.stringify(f.asOf)}`;
  }
  return { patients, seed, size, offset, asOf, concurrency };
}

export async function generateCommand(flags: GenerateFlags): Promise<number> {
  const plan = parseGenerateFlags(flags);
  if (typeof plan === 'string') {
    console.error(plan);
    return 2;
  }
  const config = loadConfig();
  const concurrency = plan.concurrency ?? (config.databaseUrl || flags.server ? 4 : 1);
  return withBundleSink(config, 'generate', 'loading', flags.server, (sink) => load(plan, sink, concurrency, flags.quiet));
}

interface Tally {
  patients: number;
  resources: number;
  byType: Record<string, number>;
  failed: { index: number; reason: string }[];
}

type Bundleish = { entry?: { resource?: { resourceType?: string } }[] };

function count(t: Tally, bundle: Bundleish): void {
  for (const e of bundle.entry ?? []) {
    const type = e.resource?.resourceType;
    if (!type) continue;
    t.byType[type] = (t.byType[type] ?? 0) + 1;
    t.resources++;
  }
}

/**
 * Exactly the patients `hale generate` writes for these flags: benchmarks regenerate
 * chosen patients with it to learn real ids, names and codes without asking the database.
 */
export function generatedPopulation(p: {
  patients: number;
  offset: number;
  seed: number;
  size: (typeof SIZES)[number];
  asOf: Date;
}): GeneratedSet {
  return generateDemoSet({
    patients: p.patients,
    seed: p.seed,
    firstIndex: p.offset,
    resourcesPerPatient: p.size,
    heavyEvery: HEAVY_EVERY,
    organizations: GENERATE_ORGANIZATIONS,
    practitioners: GENERATE_PRACTITIONERS,
    now: p.asOf,
  });
}

async function load(plan: Plan, sink: BundleSink, concurrency: number, quiet = false): Promise<number> {
  const set = generatedPopulation(plan);
  const started = Date.now();
  const tally: Tally = { patients: 0, resources: 0, byType: {}, failed: [] };
  console.log(
    `Generating patients ${plan.offset + 1} to ${plan.offset + plan.patients} of seed ${plan.seed} (${plan.size}, as of ${plan.asOf.toISOString().slice(0, 10)}), ${concurrency} at a time`,
  );

  // The shared practitioners and organizations first: every patient bundle refers to them.
  try {
    await sink(set.shared);
  } catch (err) {
    console.error(`FAILED loading the shared practitioners and organizations: ${(err as Error).message}`);
    return 1;
  }
  count(tally, set.shared as Bundleish);

  const bar = new SingleBar(
    {
      format: 'Generating [{bar}] {value}/{total} patients | {resources} resources | {rate} resources/s',
      hideCursor: true,
      noTTYOutput: !quiet,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  const rate = () => Math.round(tally.resources / Math.max((Date.now() - started) / 1000, 0.001));
  if (!quiet) bar.start(plan.patients, 0, { resources: tally.resources, rate: rate() });

  // Workers pull the next patient from the lazy generator only when they are free, so at
  // most `concurrency` bundles exist at a time however large the population.
  const patients = set.patients[Symbol.iterator]();
  let next = plan.offset;
  const worker = async () => {
    for (;;) {
      const item = patients.next();
      if (item.done) return;
      const index = next++;
      const bundle = toIdempotentBundle(item.value as Parameters<typeof toIdempotentBundle>[0]);
      try {
        await sink(bundle);
        count(tally, bundle as Bundleish);
      } catch (err) {
        tally.failed.push({ index, reason: (err as Error)?.message ?? String(err) });
      }
      tally.patients++;
      if (!quiet) bar.update(tally.patients, { resources: tally.resources, rate: rate() });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (!quiet) bar.stop();
  printSummary(tally, Date.now() - started);
  return tally.failed.length ? 1 : 0;
}

function printSummary(t: Tally, elapsedMs: number): void {
  const secs = elapsedMs / 1000;
  const loaded = t.patients - t.failed.length;
  console.log(
    `\nGenerated ${loaded} patients: ${t.resources} resources in ${secs.toFixed(1)} s (${Math.round(t.resources / Math.max(secs, 0.001))} resources/s)`,
  );
  const rows = Object.entries(t.byType).sort((a, b) => b[1] - a[1]);
  const width = Math.max(12, ...rows.map(([type]) => type.length));
  for (const [type, n] of rows) console.log(`  ${type.padEnd(width)} ${String(n).padStart(10)}`);
  for (const f of t.failed.slice(0, 10)) console.error(`FAILED patient ${f.index + 1}: ${f.reason}`);
  if (t.failed.length > 10) console.error(`... and ${t.failed.length - 10} more failed patients`);
}
