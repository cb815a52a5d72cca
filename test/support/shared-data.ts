/**
 * Real reference data lives beside the repository in ../shared/data (never copied in).
 * On a machine without it the tests that need it say so and do not run; in CI it must be there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DATA = path.resolve(process.env.HALE_SHARED_DATA ?? path.join(REPO_ROOT, '../shared/data'));

export function sharedDataPath(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}

/** True when the folder exists; in CI its absence is an error, not a reason to skip. */
export function hasSharedData(...parts: string[]): boolean {
  const p = sharedDataPath(...parts);
  const ok = existsSync(p);
  if (!ok && process.env.CI) throw new Error(`CI needs the shared reference data at ${p}`);
  if (!ok) console.warn(`shared reference data not found at ${p}: the tests that need it do not run here`);
  return ok;
}
