/**
 * The stored form of an encrypted value: a FHIR string
 * `hale-enc:v1:<kid>:<base64url(iv 12 bytes | ciphertext | tag 16 bytes)>`, so validation,
 * versioning and history see an ordinary string.
 */

export const CIPHERTEXT_PREFIX = 'hale-enc:v1:';
/** Any value starting with this is ours; a client may not send one (see assertNoCiphertextLookalike). */
export const RESERVED_PREFIX = 'hale-enc:';

const TOKEN = /^hale-enc:v1:([A-Za-z0-9-]{1,32}):([A-Za-z0-9_-]{38,})$/;
/** Cheap test before parsing stored JSON text. */
export const CIPHERTEXT_JSON_MARKER = `"${CIPHERTEXT_PREFIX}`;

export interface ParsedCiphertext {
  kid: string;
  iv: Buffer;
  data: Buffer;
  tag: Buffer;
}

export function isCiphertext(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(CIPHERTEXT_PREFIX);
}

export function parseCiphertext(token: string): ParsedCiphertext | undefined {
  const m = TOKEN.exec(token);
  if (!m) return undefined;
  const raw = Buffer.from(m[2]!, 'base64url');
  if (raw.length < 28) return undefined;
  return { kid: m[1]!, iv: raw.subarray(0, 12), data: raw.subarray(12, raw.length - 16), tag: raw.subarray(raw.length - 16) };
}

export function formatCiphertext(kid: string, iv: Buffer, data: Buffer, tag: Buffer): string {
  return `${CIPHERTEXT_PREFIX}${kid}:${Buffer.concat([iv, data, tag]).toString('base64url')}`;
}

/** The kid of a ciphertext, or undefined for anything else. */
export function ciphertextKid(token: string): string | undefined {
  return isCiphertext(token) ? /^hale-enc:v1:([A-Za-z0-9-]{1,32}):/.exec(token)?.[1] : undefined;
}

/**
 * The additional authenticated data: format version, kid and the element the value sits in
 * (`Patient.identifier.value`), so a ciphertext copied to another element, or to another
 * resource type, fails to decrypt instead of showing up there.
 */
export function additionalData(kid: string, elementPath: string): Buffer {
  return Buffer.from(`hale-enc:v1\u0000${kid}\u0000${elementPath}`, 'utf8');
}
