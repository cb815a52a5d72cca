/**
 * Index rows of a resource with field-encrypted values (see src/crypto): the store's
 * redaction hashes sensitive token and string rows; this does the same for the rows that
 * repeat those values elsewhere. Full text is recomputed from the STORED resource, where
 * sensitive values are ciphertexts (left out of the text); `:of-type` rows carry an
 * identifier's value, which gets the same keyed hash as its token row.
 */
import { compositeParamsFor } from './composite-params.ts';
import type { SearchIndexRows, TextRow, TokenRow } from './index-rows.ts';
import { textRows } from './text-rows.ts';

export function protectExtraRows(
  resourceType: string,
  rows: SearchIndexRows,
  stored: Record<string, unknown>,
  redactTokens: (rows: TokenRow[]) => TokenRow[],
): SearchIndexRows {
  const text: TextRow[] = [];
  textRows(stored, text);
  const composites = compositeParamsFor(resourceType);
  const composite = rows.composite.map((r) => {
    // Rows of real composite parameters hold no identifier values; the others are :of-type rows.
    if (composites.has(r.param) || r.slots.length !== 2) return r;
    const value = r.slots[1]!;
    const [redacted] = redactTokens([{ param: r.param, system: value.system, code: value.code, textValue: null }]);
    return redacted && redacted.code !== value.code ? { ...r, slots: [r.slots[0]!, { ...value, code: redacted.code }] } : r;
  });
  return { ...rows, composite, text };
}
