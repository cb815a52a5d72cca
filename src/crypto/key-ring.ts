/**
 * The field-encryption key ring: AES-256-GCM with key ids, so keys rotate, and a blind
 * index (HMAC-SHA256) for exact-match search on encrypted values.
 *
 * The blind-index key is derived (HKDF) from ONE key, `indexKid`, and never from the
 * active key: rotation replaces the encryption key only. If the index key followed the
 * active key, every hashed value in the search index tables would stop matching the
 * moment a key rotates, and the index would need rebuilding from decrypted content
 * before search worked again. An index key compromise reveals equality of values (which
 * the index reveals anyway), not the values; replacing it is a deliberate re-index, not
 * part of a rotation.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { HaleError } from '../errors.ts';
import { additionalData, formatCiphertext, parseCiphertext } from './ciphertext.ts';
import {
  describeKeySource,
  keyBytes,
  keyFileStamp,
  keySourceFor,
  nextKid,
  readKeySource,
  writeKeyFile,
  type FieldKeyFile,
  type KeySource,
  type KeySourceOptions,
} from './key-file.ts';

export interface KeyRingOptions extends KeySourceOptions {
  /**
   * How often (ms) encrypt() checks whether the key file changed on disk, so a running
   * server starts encrypting with a key another process rotated in. 0: never (reload() only).
   */
  autoReloadMs?: number;
}

interface RingState {
  active: string;
  indexKid: string;
  keys: ReadonlyMap<string, Buffer>;
  retired: ReadonlySet<string>;
  indexKey: Buffer;
  indexKeyMaterial: Buffer;
}

const INDEX_SALT = Buffer.from('hale-blind-index', 'utf8');
const INDEX_INFO = Buffer.from('hale-blind-index-v1', 'utf8');

export class KeyRing {
  readonly source: KeySource;
  private state: RingState;
  private stamp: string | undefined;
  private lastCheck = Date.now();

  private constructor(
    private readonly opts: KeyRingOptions,
    source: KeySource,
    file: Required<FieldKeyFile>,
  ) {
    this.source = source;
    this.state = buildState(file, describeKeySource(this.source));
    this.stamp = keyFileStamp(this.source);
  }

  /** Reads (or, for the data folder, creates) the keys. Throws with a message naming the source. */
  static open(opts: KeyRingOptions): KeyRing {
    const source = keySourceFor(opts);
    return new KeyRing(opts, source, readKeySource(source, opts));
  }

  get activeKid(): string {
    return this.state.active;
  }

  get indexKid(): string {
    return this.state.indexKid;
  }

  get kids(): string[] {
    return [...this.state.keys.keys()];
  }

  get retiredKids(): string[] {
    return [...this.state.retired];
  }

  has(kid: string): boolean {
    return this.state.keys.has(kid);
  }

  get sourceDescription(): string {
    return describeKeySource(this.source);
  }

  /** Encrypts with the active key (or `kid`); `aad` is the element path the value is stored at. */
  encrypt(plain: string, aad: string, kid?: string): string {
    if (kid === undefined) {
      this.reloadIfFileChanged();
      kid = this.state.active;
    } else if (!this.state.keys.has(kid)) {
      throw new HaleError('internal', `Field key '${kid}' is not in ${this.sourceDescription}`);
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.state.keys.get(kid)!, iv);
    cipher.setAAD(additionalData(kid, aad));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return formatCiphertext(kid, iv, data, cipher.getAuthTag());
  }

  /**
   * Decrypts a ciphertext stored at element `aad`. An unknown kid reloads the source once
   * (another process may have rotated) before failing.
   */
  decrypt(token: string, aad: string): string {
    const parsed = parseCiphertext(token);
    if (!parsed) throw new HaleError('internal', `The value stored at ${aad} is not a well-formed field ciphertext`);
    let key = this.state.keys.get(parsed.kid);
    if (!key) {
      this.reload();
      key = this.state.keys.get(parsed.kid);
      if (!key) {
        throw new HaleError(
          'internal',
          `The value stored at ${aad} is encrypted with field key '${parsed.kid}', which ${this.sourceDescription} does not hold`,
        );
      }
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, parsed.iv);
      decipher.setAAD(additionalData(parsed.kid, aad));
      decipher.setAuthTag(parsed.tag);
      return Buffer.concat([decipher.update(parsed.data), decipher.final()]).toString('utf8');
    } catch {
      throw new HaleError(
        'internal',
        `The value stored at ${aad} does not decrypt with field key '${parsed.kid}' (wrong key, altered, or moved from another element)`,
      );
    }
  }

  /** HMAC-SHA256 of `value` under the stable index key, separated by `context`; base64url. */
  blindIndex(value: string, context: string): string {
    return createHmac('sha256', this.state.indexKey).update(context, 'utf8').update('\u0000').update(value, 'utf8').digest('base64url');
  }

  /** Re-reads the source (a running server learns a key rotated by another process). */
  reload(): void {
    const next = buildState(readKeySource(this.source, this.opts), this.sourceDescription);
    if (!next.indexKeyMaterial.equals(this.state.indexKeyMaterial)) {
      throw new Error(
        `Field keys in ${this.sourceDescription}: the index key (${next.indexKid}) differs from the one this process started with ` +
          `(${this.state.indexKid}); searches on encrypted values would stop matching. Restore the original index key.`,
      );
    }
    this.state = next;
    this.stamp = keyFileStamp(this.source);
    this.lastCheck = Date.now();
  }

  /** Adds a new random key and makes it active (file sources only). Returns its kid. */
  addKey(): string {
    const file = this.currentFile();
    const kid = nextKid(Object.keys(file.keys));
    file.keys[kid] = randomBytes(32).toString('base64');
    file.active = kid;
    writeKeyFile(this.source, file);
    this.reload();
    return kid;
  }

  /** Marks keys retired: kept for reading, never used to encrypt (file sources only). */
  retire(kids: readonly string[]): void {
    const file = this.currentFile();
    const retired = new Set(file.retired);
    for (const kid of kids) if (kid !== file.active && kid in file.keys) retired.add(kid);
    file.retired = [...retired];
    writeKeyFile(this.source, file);
    this.reload();
  }

  private currentFile(): Required<FieldKeyFile> {
    // Fresh from disk: another process may have changed it since we loaded.
    return readKeySource(this.source, this.opts);
  }

  private reloadIfFileChanged(): void {
    const every = this.opts.autoReloadMs ?? 5000;
    if (every <= 0 || this.source.kind === 'env') return;
    const now = Date.now();
    if (now - this.lastCheck < every) return;
    this.lastCheck = now;
    if (keyFileStamp(this.source) !== this.stamp) this.reload();
  }
}

function buildState(file: Required<FieldKeyFile>, where: string): RingState {
  const keys = new Map<string, Buffer>();
  for (const [kid, encoded] of Object.entries(file.keys)) keys.set(kid, keyBytes(kid, encoded, where));
  const indexKeyMaterial = keys.get(file.indexKid)!;
  const indexKey = Buffer.from(hkdfSync('sha256', indexKeyMaterial, INDEX_SALT, INDEX_INFO, 32));
  return { active: file.active, indexKid: file.indexKid, keys, retired: new Set(file.retired), indexKey, indexKeyMaterial };
}
