/**
 * Where field-encryption keys live and how they are read and written. Three sources, in
 * order: the HALE_FIELD_KEYS variable (JSON), the file named by HALE_FIELD_KEY_FILE (same
 * JSON), else `<dataDir>/field-keys.json`, created on first use (mode 0600) and seeded from
 * the generated `secrets.fieldKey` as kid `k1`.
 *
 * The JSON: `{ "active": "k2", "indexKid": "k1", "keys": { "k1": "<base64 32 bytes>", ... },
 * "retired": ["k1"] }`. `indexKid` names the key the blind-index key is derived from; when
 * absent, the first key listed. Retired keys are kept so that old values (backups) can
 * still be read; nothing new is encrypted with them.
 */
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { loadOrCreateSecrets } from '../ops/secrets.ts';

export interface FieldKeyFile {
  active: string;
  indexKid?: string;
  keys: Record<string, string>;
  retired?: string[];
}

export type KeySource = { kind: 'env'; variable: 'HALE_FIELD_KEYS' } | { kind: 'file'; path: string } | { kind: 'data-dir'; path: string };

/** Kids appear in ciphertexts (`hale-enc:v1:<kid>:...`) and in SQL LIKE patterns: no `:`, `_` or `%`. */
export const KID_PATTERN = /^[A-Za-z0-9-]{1,32}$/;

export const DATA_DIR_KEY_FILE = 'field-keys.json';

export interface KeySourceOptions {
  dataDir: string;
  /** base64/base64url 32 bytes: the first key of a new data-folder key file; default secrets.fieldKey of dataDir. */
  seedKey?: string;
  env?: Record<string, string | undefined>;
}

export function keySourceFor(opts: KeySourceOptions): KeySource {
  const env = opts.env ?? process.env;
  if (env.HALE_FIELD_KEYS?.trim()) return { kind: 'env', variable: 'HALE_FIELD_KEYS' };
  const file = env.HALE_FIELD_KEY_FILE?.trim();
  if (file) return { kind: 'file', path: path.resolve(file) };
  return { kind: 'data-dir', path: path.join(opts.dataDir, DATA_DIR_KEY_FILE) };
}

export function describeKeySource(source: KeySource): string {
  return source.kind === 'env' ? 'the HALE_FIELD_KEYS environment variable' : source.path;
}

/** Decodes one key; base64 and base64url are both accepted. */
export function keyBytes(kid: string, encoded: unknown, where: string): Buffer {
  const bytes = typeof encoded === 'string' ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (bytes.length !== 32) throw new Error(`Field key ${kid} in ${where} is not 32 bytes of base64 (AES-256 needs exactly 32 bytes)`);
  return bytes;
}

/** Checks the shape and every key; returns the file with `indexKid` and `retired` filled in. */
export function validateKeyFile(raw: unknown, where: string): Required<FieldKeyFile> {
  const f = raw as Partial<FieldKeyFile> | null;
  if (!f || typeof f !== 'object' || !f.keys || typeof f.keys !== 'object' || Array.isArray(f.keys)) {
    throw new Error(`Field keys in ${where} must be JSON like {"active":"k1","keys":{"k1":"<base64 32 bytes>"}}`);
  }
  const kids = Object.keys(f.keys);
  if (kids.length === 0) throw new Error(`Field keys in ${where}: "keys" is empty`);
  for (const kid of kids) {
    if (!KID_PATTERN.test(kid)) throw new Error(`Field key id ${JSON.stringify(kid)} in ${where}: use 1-32 letters, digits or '-'`);
    keyBytes(kid, f.keys[kid], where);
  }
  if (typeof f.active !== 'string' || !(f.active in f.keys)) {
    throw new Error(`Field keys in ${where}: "active" must name one of the keys (${kids.join(', ')})`);
  }
  const indexKid = f.indexKid ?? kids[0]!;
  if (!(indexKid in f.keys)) throw new Error(`Field keys in ${where}: "indexKid" ${JSON.stringify(indexKid)} is not one of the keys`);
  const retired = Array.isArray(f.retired) ? f.retired.filter((k): k is string => typeof k === 'string' && k in f.keys!) : [];
  return { active: f.active, indexKid, keys: { ...f.keys }, retired };
}

/** Reads the source, creating the data-folder file on first use. */
export function readKeySource(source: KeySource, opts: KeySourceOptions): Required<FieldKeyFile> {
  const env = opts.env ?? process.env;
  if (source.kind === 'env') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.HALE_FIELD_KEYS!);
    } catch {
      throw new Error('HALE_FIELD_KEYS is not valid JSON');
    }
    return validateKeyFile(parsed, 'HALE_FIELD_KEYS');
  }
  if (!existsSync(source.path)) {
    if (source.kind === 'file') throw new Error(`HALE_FIELD_KEY_FILE names ${source.path}, which does not exist`);
    // The seed: the generated secrets.fieldKey, so a data folder keeps one secrets file to back up.
    createDataDirKeyFile(source.path, opts.seedKey ?? loadOrCreateSecrets(opts.dataDir, env.HALE_SECRETS_FILE).fieldKey);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(source.path, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read field keys from ${source.path}: ${(err as Error).message}`);
  }
  return validateKeyFile(parsed, source.path);
}

function createDataDirKeyFile(file: string, seedKey: string): void {
  const k1 = keyBytes('k1', seedKey, 'secrets.fieldKey');
  const content: FieldKeyFile = { active: 'k1', indexKid: 'k1', keys: { k1: k1.toString('base64') }, retired: [] };
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // O_EXCL: a server and a command creating it at once write the same seed; the loser reads the winner's file.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify(content, null, 2) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Replaces the key file atomically (write a temporary file, then rename), mode 0600. */
export function writeKeyFile(source: KeySource, content: Required<FieldKeyFile>): void {
  if (source.kind === 'env') {
    throw new Error('Field keys come from HALE_FIELD_KEYS; Hale cannot change an environment variable: edit it where it is set.');
  }
  validateKeyFile(content, source.path);
  const tmp = `${source.path}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(content, null, 2) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, source.path);
  } catch (err) {
    throw new Error(`Cannot write the field key file ${source.path}: ${(err as Error).message}`);
  }
}

/** A cheap fingerprint of the file, to notice that another process rotated the keys. */
export function keyFileStamp(source: KeySource): string | undefined {
  if (source.kind === 'env') return undefined;
  try {
    const s = statSync(source.path);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/** The next free kid: k<n+1> after the highest k<n>. */
export function nextKid(kids: readonly string[]): string {
  let max = 0;
  for (const kid of kids) {
    const m = /^k(\d+)$/.exec(kid);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `k${max + 1}`;
}
