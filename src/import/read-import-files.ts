/**
 * Finds and reads the files of an import: FHIR JSON (a Bundle or a single resource) and
 * NDJSON (Bulk Data), each optionally gzipped. Folders are walked in name order, which
 * puts Synthea's `0-hospitalInformation*` and `0-practitionerInformation*` first.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

const IMPORTABLE = /\.(json|ndjson)(\.gz)?$/i;

export function listImportFiles(target: string): string[] {
  const st = statSync(target);
  if (st.isFile()) return [target];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const s = statSync(full);
      if (s.isDirectory()) walk(full);
      else if (IMPORTABLE.test(name)) out.push(full);
    }
  };
  walk(target);
  return out;
}

export function readText(file: string): string {
  const raw = readFileSync(file);
  return file.toLowerCase().endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
}

export function isNdjson(file: string): boolean {
  return /\.ndjson(\.gz)?$/i.test(file);
}
