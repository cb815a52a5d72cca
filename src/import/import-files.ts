/**
 * `hale import`: loads FHIR Bundles (e.g. Synthea output) and NDJSON through the same
 * bundle processor as POST /fhir/R4, so an import obeys the same validation. A broken
 * file is reported with its name and reason and does not stop the others. A bundle whose
 * conditional references point at data later in the import is retried once at the end.
 */
import type { FhirRepository } from '../fhir/store/repository.ts';
import { processBundle } from '../fhir/bundle/process-bundle.ts';
import { isHaleError } from '../errors.ts';
import type { FhirResource } from '../fhir/store/stored-resource.ts';
import { isNdjson, listImportFiles, readText } from './read-import-files.ts';
import { ndjsonToBundle, toIdempotentBundle } from './idempotent-bundle.ts';

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  resources: number;
  elapsedMs: number;
}

export interface ImportSummary {
  files: number;
  failed: { file: string; reason: string }[];
  resources: number;
  byType: Record<string, number>;
  elapsedMs: number;
}

/** Sends one bundle somewhere: to the store in-process, or to a running server. */
export type BundleSink = (bundle: unknown) => Promise<void>;

const NDJSON_CHUNK = 500;

export function repositorySink(repo: FhirRepository): BundleSink {
  return async (bundle) => {
    const res = await processBundle(repo, {
      method: 'POST',
      path: '',
      query: new URLSearchParams(),
      headers: { prefer: 'return=minimal' },
      body: bundle,
      baseUrl: 'urn:hale:import',
    });
    throwOnFailedEntry(res.body as BundleResponse);
  };
}

type BundleResponse = { entry?: { response?: { status?: string; outcome?: { issue?: { diagnostics?: string }[] } } }[] };

/** A batch answers 200 even when entries fail; an import must report those failures. */
export function throwOnFailedEntry(body: BundleResponse | undefined): void {
  const bad = (body?.entry ?? []).findIndex((e) => Number.parseInt(e.response?.status ?? '200', 10) >= 400);
  if (bad < 0) return;
  const r = body!.entry![bad]!.response!;
  throw new Error(`entry ${bad} failed with ${r.status}: ${r.outcome?.issue?.map((i) => i.diagnostics).join('; ') ?? ''}`);
}

export async function importPath(
  target: string,
  sink: BundleSink,
  onProgress?: (p: ImportProgress) => void,
  concurrency = 1,
): Promise<ImportSummary> {
  const files = listImportFiles(target);
  const started = Date.now();
  const summary: ImportSummary = { files: files.length, failed: [], resources: 0, byType: {}, elapsedMs: 0 };
  const deferred: { file: string; bundles: Bundleish[] }[] = [];
  let filesDone = 0;
  const report = () => onProgress?.({ filesDone, filesTotal: files.length, resources: summary.resources, elapsedMs: Date.now() - started });

  const runFile = async (file: string, bundles: Bundleish[], allowDefer: boolean) => {
    for (const b of bundles) {
      try {
        await sink(b);
      } catch (err) {
        if (allowDefer && isUnresolvedReference(err)) {
          deferred.push({ file, bundles: bundles.slice(bundles.indexOf(b)) });
          return;
        }
        throw err;
      }
      count(summary, b);
      report();
    }
  };

  // Up to `concurrency` files at once. A file holding batch Bundles or plain resources
  // (shared reference data such as Synthea's practitioners and hospitals) is a barrier:
  // it runs alone, after everything before it, so later transactions can reference it.
  const inFlight = new Set<Promise<void>>();
  for (const file of files) {
    let bundles: Bundleish[];
    try {
      bundles = toBundles(file);
    } catch (err) {
      summary.failed.push({ file, reason: reasonOf(err) });
      filesDone++;
      report();
      continue;
    }
    const barrier = bundles.some((b) => b.type !== 'transaction') || isNdjson(file);
    if (barrier) await Promise.all(inFlight);
    while (inFlight.size >= Math.max(1, concurrency)) await Promise.race(inFlight);
    const task = runFile(file, bundles, true)
      .catch((err: unknown) => {
        summary.failed.push({ file, reason: reasonOf(err) });
      })
      .finally(() => {
        filesDone++;
        report();
        inFlight.delete(task);
      });
    inFlight.add(task);
    if (barrier) await task;
  }
  await Promise.all(inFlight);
  for (const d of deferred) {
    try {
      await runFile(d.file, d.bundles, false);
    } catch (err) {
      summary.failed.push({ file: d.file, reason: reasonOf(err) });
    }
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}

type Bundleish = { resourceType?: string; type?: string; entry?: { resource?: FhirResource }[] };

function toBundles(file: string): Bundleish[] {
  const text = readText(file);
  if (isNdjson(file)) {
    const resources: FhirResource[] = [];
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        resources.push(JSON.parse(line) as FhirResource);
      } catch (err) {
        throw new Error(`line ${i + 1} is not valid JSON: ${(err as Error).message}`);
      }
    });
    const out: Bundleish[] = [];
    for (let i = 0; i < resources.length; i += NDJSON_CHUNK) out.push(ndjsonToBundle(resources.slice(i, i + NDJSON_CHUNK)));
    return out;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON: ${(err as Error).message}`);
  }
  const r = parsed as Bundleish;
  if (r?.resourceType === 'Bundle' && (r.type === 'transaction' || r.type === 'batch')) return [toIdempotentBundle(r)];
  if (r?.resourceType === 'Bundle') {
    // collection/searchset/document: store the entries' resources.
    return [ndjsonToBundle((r.entry ?? []).map((e) => e.resource).filter((x): x is FhirResource => !!x))];
  }
  if (r && typeof r.resourceType === 'string') return [ndjsonToBundle([r as FhirResource])];
  throw new Error('not a FHIR resource or Bundle (no resourceType)');
}

function count(summary: ImportSummary, b: Bundleish): void {
  for (const e of b.entry ?? []) {
    const t = e.resource?.resourceType;
    if (!t) continue;
    summary.byType[t] = (summary.byType[t] ?? 0) + 1;
    summary.resources++;
  }
}

function isUnresolvedReference(err: unknown): boolean {
  return isHaleError(err)
    ? err.code === 'not-found' && /conditional reference/.test(err.message)
    : /conditional reference .* matches no/.test(String((err as Error)?.message));
}

function reasonOf(err: unknown): string {
  if (isHaleError(err)) {
    const first = err.details[0];
    return first?.field ? `${err.message} (${first.field}: ${first.message})` : err.message;
  }
  return (err as Error)?.message ?? String(err);
}
