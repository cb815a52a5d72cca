/**
 * The text behind `_text` and `_content` (sp_text): the narrative without its markup,
 * and every text value of the resource (names, displays, notes, descriptions, narrative).
 * Computed from the resource as STORED: values the store encrypts are ciphertexts there
 * and are left out, so full text never holds a protected value in clear.
 */
import { CIPHERTEXT_PREFIX } from '../../crypto/ciphertext.ts';
import type { TextRow } from './index-rows.ts';
import { normalizeText } from './normalize.ts';

/** A tsvector holds at most 1 MB; clinical text is far shorter, and a bound keeps the index small. */
const MAX_TEXT = 100_000;

/** Elements that are identifiers of other things, machinery or binary, not text a person would search. */
const SKIP = new Set(['resourceType', 'id', 'meta', 'reference', 'system', 'url', 'data', 'div', 'contentType', 'fullUrl', 'hash']);

/**
 * Values that are machinery even where the element is free: dates and instants (searched by
 * their date parameters, and in full text only noise: `2017`, `-02`, `t13`, `08.228`) and
 * generated ids (UUIDs, `urn:uuid:`, `urn:oid:`, whose fragments match nothing a person
 * types). In generated patients they were half of the words of the index (docs/search.md).
 */
const DATE_TIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const GENERATED_ID = /^(urn:uuid:|urn:oid:)|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isMachineValue = (s: string): boolean => DATE_TIME.test(s) || GENERATED_ID.test(s);

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The words of an XHTML narrative: tags dropped (they separate words), entities decoded. */
export function narrativeText(div: string): string {
  return div.replace(/<[^>]*>/g, ' ').replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function collect(value: unknown, out: string[], budget: { left: number }): void {
  if (budget.left <= 0) return;
  if (typeof value === 'string') {
    if (value.startsWith(CIPHERTEXT_PREFIX) || isMachineValue(value)) return;
    out.push(value);
    budget.left -= value.length;
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, out, budget);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // Extensions keep their values (they may hold text) but not their urls.
      if (!SKIP.has(k)) collect(v, out, budget);
    }
  }
}

function bounded(s: string): string {
  return normalizeText(s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s);
}

export function textRows(resource: Record<string, unknown>, out: TextRow[]): void {
  const div = (resource.text as { div?: unknown } | undefined)?.div;
  const narrative = typeof div === 'string' ? narrativeText(div) : '';
  if (narrative.trim() !== '') out.push({ param: '_text', text: bounded(narrative) });
  const parts: string[] = narrative.trim() === '' ? [] : [narrative];
  collect(resource, parts, { left: MAX_TEXT });
  const content = parts.join(' ');
  if (content.trim() !== '') out.push({ param: '_content', text: bounded(content) });
}
