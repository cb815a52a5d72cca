/**
 * Replaces the sensitive values in a resource's extracted search index rows with their
 * blind-index hashes. The rows are extracted from the clear resource (so every parameter
 * still gets its values); this runs before they are written, so no clear sensitive value
 * reaches the sp_* tables. A row is recognised by hashing its value and finding the hash
 * among the ones protect() produced for that parameter: no clear value has to travel
 * beside the rows.
 */
import type { SearchIndexRows, TokenRow } from '../fhir/search/index-rows.ts';
import { blindIndexCode } from './blind-index.ts';

export interface BlindIndex {
  /** The search parameter the value is indexed under. */
  param: string;
  /** The identifier system, when the value is an Identifier's (kept clear in the index). */
  system?: string;
  /** base64url HMAC; the index stores `hmac:` + hash (blindIndexCode). */
  hash: string;
}

export function redactIndexRows(
  rows: SearchIndexRows,
  blindIndexes: readonly BlindIndex[],
  hashOf: (param: string, value: string) => string,
): SearchIndexRows {
  if (blindIndexes.length === 0) return rows;
  const hashes = new Map<string, Set<string>>();
  for (const b of blindIndexes) {
    let set = hashes.get(b.param);
    if (!set) hashes.set(b.param, (set = new Set()));
    set.add(b.hash);
  }
  const matches = (param: string, value: string | null): string | undefined => {
    if (value === null || value === '') return undefined;
    const set = hashes.get(param);
    if (!set) return undefined;
    const h = hashOf(param, value);
    return set.has(h) ? h : undefined;
  };
  const token: TokenRow[] = [];
  for (const r of rows.token) {
    const codeHash = matches(r.param, r.code);
    // The text of a sensitive CodeableConcept.text (or Coding.display) must not stay readable for :text either.
    const textSensitive = matches(r.param, r.textValue) !== undefined;
    if (codeHash === undefined && !textSensitive) {
      token.push(r);
      continue;
    }
    const row: TokenRow = {
      ...r,
      code: codeHash === undefined ? r.code : blindIndexCode(codeHash),
      textValue: textSensitive ? null : r.textValue,
    };
    if (row.system !== null || row.code !== null || row.textValue !== null) token.push(row);
  }
  const string = rows.string.map((r) => {
    const h = matches(r.param, r.raw);
    return h === undefined ? r : { param: r.param, value: blindIndexCode(h), raw: blindIndexCode(h) };
  });
  return { ...rows, token, string };
}
