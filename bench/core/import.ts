/**
 * Import throughput: `hale import` as its own process (directly on the database, or through
 * a running server), against the baseline: the same files read, gunzipped and parsed the
 * same way, their resources' JSON stored by raw multi-row INSERTs, one transaction per
 * file, through the same driver. Both clocks cover reading the files and writing the rows,
 * not opening the database.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openBaselineDb, type BaselineTarget } from './baseline-server.ts';
import { runHaleCli } from './spawn-server.ts';

export interface ImportSet {
  dir: string;
  files: string[];
  cleanup(): void;
}

/**
 * Every file of the folder, or (quick runs) the two `0-*` files (hospitals, practitioners,
 * which the patient bundles reference) plus the n smallest patient bundles, linked into a
 * temp folder because `hale import` takes one path.
 */
export function importSet(sourceDir: string, n?: number): ImportSet {
  const all = readdirSync(sourceDir)
    .filter((f) => /\.json(\.gz)?$/.test(f))
    .sort();
  if (n === undefined) return { dir: sourceDir, files: all.map((f) => path.join(sourceDir, f)), cleanup: () => undefined };
  const size = (f: string) => statSync(path.join(sourceDir, f)).size;
  const shared = all.filter((f) => f.startsWith('0-'));
  const patients = all
    .filter((f) => !f.startsWith('0-'))
    .sort((a, b) => size(a) - size(b))
    .slice(0, n);
  const dir = mkdtempSync(path.join(tmpdir(), 'hale-bench-import-'));
  for (const f of [...shared, ...patients]) symlinkSync(path.join(sourceDir, f), path.join(dir, f));
  return {
    dir,
    files: [...shared, ...patients].sort().map((f) => path.join(dir, f)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ImportRun {
  resources: number;
  perS: number;
  /** files `hale import` reported as FAILED (0 for a valid figure) */
  failedFiles: number;
}

const SUMMARY = /Imported (\d+) resources from (\d+) of (\d+) files in ([\d.]+) s \((\d+) resources\/s\)/;

/** `hale import <dir> --quiet [--server url]`; the rate is the one its summary line prints. */
export async function haleImport(dir: string, env: Record<string, string>, serverUrl?: string): Promise<ImportRun> {
  const args = ['import', dir, '--quiet', ...(serverUrl ? ['--server', serverUrl] : [])];
  const { code, output } = await runHaleCli(args, env, 60 * 60_000);
  const m = SUMMARY.exec(output);
  if (!m) throw new Error(`hale ${args.join(' ')} exited ${code} without a summary line; output:\n${output.slice(-4000)}`);
  const failed = output.split('\n').filter((l) => l.startsWith('FAILED '));
  if (failed.length) console.warn(`hale import: ${failed.length} file(s) failed:\n${failed.slice(0, 5).join('\n').slice(0, 3000)}`);
  return { resources: Number(m[1]), perS: Number(m[5]), failedFiles: failed.length };
}

function resourcesOf(file: string): unknown[] {
  const raw = readFileSync(file);
  const parsed = JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')) as {
    resourceType?: string;
    entry?: { resource?: unknown }[];
  };
  if (parsed.resourceType === 'Bundle') return (parsed.entry ?? []).map((e) => e.resource).filter((r) => r !== undefined);
  return [parsed];
}

/** Raw multi-row INSERTs of the same resources into a fresh baseline table. */
export async function baselineImport(files: string[], target: BaselineTarget): Promise<ImportRun> {
  const db = await openBaselineDb(target);
  try {
    const started = performance.now();
    let resources = 0;
    for (const file of files) {
      const rows = resourcesOf(file).map((r): [string, string] => [randomUUID(), JSON.stringify(r)]);
      await db.insertMany(rows);
      resources += rows.length;
    }
    const seconds = (performance.now() - started) / 1000;
    return { resources, perS: resources / seconds, failedFiles: 0 };
  } finally {
    await db.close();
  }
}
