/** Text normalisation shared by indexing and searching, so both sides compare alike. */

// Combining marks left after NFD decomposition: "José" -> "Jose\u0301" -> "Jose".
const MARKS = /\p{M}/gu;
const HAS_NON_ASCII = /[^\u0000-\u007f]/;

/** Lower-cased, accents removed: the form string search and token :text compare. */
export function normalizeText(s: string): string {
  // Most clinical text is ASCII: skip the (comparatively slow) decomposition for it.
  if (!HAS_NON_ASCII.test(s)) return s.toLowerCase();
  return s.normalize('NFD').replace(MARKS, '').toLowerCase();
}

/**
 * Longest normalised string value kept in sp_string.value: a btree index entry must stay
 * under about 2.7 kB, and a character can take 4 bytes. Longer values (descriptions in
 * definitional resources) still match by their beginning; :exact compares `raw`, which
 * is kept whole.
 */
export const MAX_INDEXED_STRING = 500;

/**
 * Longest token code/system or uri kept: both are btree keys, and a key over ~2.7 kB makes
 * the INSERT fail, which would fail the whole write. Real codes and urls are far shorter.
 */
export const MAX_INDEXED_KEY = 1000;

export function indexedString(s: string): string {
  const n = normalizeText(s);
  return n.length > MAX_INDEXED_STRING ? n.slice(0, MAX_INDEXED_STRING) : n;
}

/** Escapes LIKE wildcards so client text is matched literally (backslash is PostgreSQL's default escape). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
