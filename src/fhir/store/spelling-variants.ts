/**
 * Every string one edit away from a typed name (a letter dropped, added, replaced, or two
 * neighbours swapped: "smtih" -> "smith", "jon" -> "john"). The lookup matches these
 * exactly on the btree index of normalised names: trigram similarity alone misses such
 * typos in short names (similarity("smtih", "smith") is 0.2), and lowering its threshold
 * would scan most names sharing a first letter.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Terms shorter than this get no variants: one edit of a 2-letter name matches almost anything. */
export const MIN_VARIANT_LENGTH = 3;

/** One-edit variants of a normalised term (lower-case, unaccented), without the term itself. */
export function oneEditVariants(term: string): string[] {
  const chars = [...term];
  if (chars.length < MIN_VARIANT_LENGTH) return [];
  const out = new Set<string>();
  const n = chars.length;
  for (let i = 0; i <= n; i++) {
    const head = chars.slice(0, i).join('');
    const tail = chars.slice(i).join('');
    for (const c of ALPHABET) out.add(head + c + tail); // insertion
    if (i === n) continue;
    const rest = chars.slice(i + 1).join('');
    if (n - 1 >= 2) out.add(head + rest); // deletion
    for (const c of ALPHABET) if (c !== chars[i]) out.add(head + c + rest); // substitution
    if (i + 1 < n && chars[i] !== chars[i + 1]) out.add(head + chars[i + 1] + chars[i] + chars.slice(i + 2).join('')); // transposition
  }
  out.delete(term);
  return [...out];
}
