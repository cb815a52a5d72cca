/**
 * Secrets are never in the repository: they are generated on first start into the data
 * folder (file mode 0600) and reused afterwards. HALE_SECRETS_FILE points several server
 * instances at one shared file (or a mounted secret) instead.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Secrets {
  /** Signs tokens and cookies. */
  readonly signingKey: string;
  /** Keys the audit chain HMAC (kept outside the database on purpose). */
  readonly auditKey: string;
  /** Field-encryption master key (AES-256). */
  readonly fieldKey: string;
}

const KEYS: (keyof Secrets)[] = ['signingKey', 'auditKey', 'fieldKey'];

export function loadOrCreateSecrets(dataDir: string, file = process.env.HALE_SECRETS_FILE): Secrets {
  const target = file ? path.resolve(file) : path.join(dataDir, 'secrets.json');
  let current: Partial<Record<keyof Secrets, string>> = {};
  if (existsSync(target)) {
    current = JSON.parse(readFileSync(target, 'utf8')) as typeof current;
  }
  let changed = false;
  for (const k of KEYS) {
    if (typeof current[k] !== 'string' || current[k]!.length < 32) {
      current[k] = randomBytes(32).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    writeFileSync(target, JSON.stringify(current, null, 2) + '\n', { mode: 0o600 });
  }
  // Tighten a file someone loosened.
  chmodSync(target, 0o600);
  return Object.freeze(current as Secrets);
}
