/** Opening field encryption at start: the key ring from its source, and the rules in force. */
import type { Queryable } from '../db/types.ts';
import { KeyRing } from './key-ring.ts';
import { SensitiveFields } from './sensitive-fields.ts';

export interface FieldEncryption {
  keyRing: KeyRing;
  fields: SensitiveFields;
}

export interface FieldEncryptionOptions {
  db: Queryable;
  dataDir: string;
  /** secrets.fieldKey: the first key when the data folder has no key file yet. */
  fieldKey: string;
  env?: Record<string, string | undefined>;
}

/** Call after migrations (the rules live in field_encryption_rule). */
export async function openFieldEncryption(opts: FieldEncryptionOptions): Promise<FieldEncryption> {
  const keyRing = KeyRing.open({ dataDir: opts.dataDir, seedKey: opts.fieldKey, env: opts.env });
  const fields = await SensitiveFields.load(opts.db, keyRing);
  return { keyRing, fields };
}
