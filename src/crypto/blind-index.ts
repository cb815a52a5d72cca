/**
 * Blind indexes: the search index keeps `hmac:<HMAC(index key, context, value)>` instead of a
 * sensitive value, and a query hashes its value the same way, so exact match works without
 * the value ever reaching the index tables.
 *
 * Both sides must hash the same bytes, so the value is normalised without knowing where it
 * came from: compatibility decomposition with accents dropped, spaces and the usual
 * separators (- . / ( )) removed, upper case. `123-45-6789`, `123 45 6789` and `123456789`
 * match one another, as do `(555) 010-2000` and `555-010-2000`, and the lower-cased,
 * unaccented text the index keeps for `:text` hashes like its original. The identifier
 * system is NOT part of the hash (it stays in the clear `system` column), so
 * `identifier=123456789` without a system finds the value too. The context is
 * `<resource type>.<search parameter>`: equal values under different parameters or types
 * give unrelated hashes.
 */

export const BLIND_INDEX_PREFIX = 'hmac:';

const SEPARATORS = /[\s\-./()]/g;
const MARKS = /\p{M}/gu;

export function normalizeForBlindIndex(value: string): string {
  return value.normalize('NFKD').replace(MARKS, '').replace(SEPARATORS, '').toUpperCase();
}

export function blindIndexContext(resourceType: string, param: string): string {
  return `${resourceType}.${param}`;
}

/** The value stored in `sp_token.code` (or `sp_string.value`/`raw`) for a hash. */
export function blindIndexCode(hash: string): string {
  return BLIND_INDEX_PREFIX + hash;
}

export function isBlindIndexCode(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.startsWith(BLIND_INDEX_PREFIX);
}
