/**
 * Finding ciphertexts in a resource, each with the element path its AAD is bound to.
 *
 * Paths: the resource type, then the JSON property names, array positions left out
 * (`Patient.identifier.value`). A resource nested in another (contained, Bundle entries,
 * Parameters) adds its own type: `Observation.contained.Patient.identifier.value`. The
 * protect side (sensitive-fields.ts) builds the same paths from its rules.
 *
 * Reveal looks everywhere, not only where today's rules point: a rule an admin removed
 * leaves its values encrypted, and they must still read back. A client cannot plant a
 * look-alike value (protect refuses any string starting with `hale-enc:`), so every
 * ciphertext found was written by us.
 */
import { invalidResource } from '../errors.ts';
import { CIPHERTEXT_JSON_MARKER, RESERVED_PREFIX, isCiphertext } from './ciphertext.ts';
import { ciphertextsInJsonText } from './ciphertexts-in-json-text.ts';

type Json = unknown;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Returns `value` with every ciphertext replaced by `fn(token, path)`. Copy on write: when
 * nothing changes the same object comes back, and unchanged branches are shared.
 */
export function mapCiphertexts<T>(value: T, rootPath: string, fn: (token: string, path: string) => string): T {
  // The path is kept as a stack of names and joined only when a ciphertext is found: most
  // resources have none, and reading them must not build a string per element.
  return mapNode(value, [rootPath], fn, true) as T;
}

function mapNode(node: Json, path: string[], fn: (token: string, path: string) => string, root = false): Json {
  if (typeof node === 'string') return isCiphertext(node) ? fn(node, path.join('.')) : node;
  if (Array.isArray(node)) {
    let out: Json[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const next = mapNode(node[i], path, fn);
      if (next !== node[i]) (out ??= node.slice())[i] = next;
    }
    return out ?? node;
  }
  if (!isObj(node)) return node;
  const nested = !root && typeof node.resourceType === 'string';
  if (nested) path.push(node.resourceType as string);
  let out: Obj | undefined;
  for (const key in node) {
    const child = node[key];
    if (child === null || (typeof child !== 'object' && typeof child !== 'string')) continue;
    path.push(key);
    const next = mapNode(child, path, fn);
    path.pop();
    if (next !== child) (out ??= { ...node })[key] = next;
  }
  if (nested) path.pop();
  return out ?? node;
}

/**
 * Rewrites the ciphertexts inside stored JSON text, leaving every other byte as it was (no
 * parse/serialise round trip of the whole document). The paths come from one scan of the
 * text (ciphertexts-in-json-text.ts); text the scan cannot read as one JSON object is parsed
 * instead. Text without a ciphertext is returned as is after one substring search.
 */
export function mapCiphertextsInJson(json: string, fn: (token: string, path: string) => string): string {
  if (!json.includes(CIPHERTEXT_JSON_MARKER)) return json;
  const found = ciphertextsInJsonText(json);
  if (!found) {
    const parsed = JSON.parse(json) as { resourceType?: unknown };
    return JSON.stringify(mapCiphertexts(parsed, typeof parsed.resourceType === 'string' ? parsed.resourceType : '', fn));
  }
  let out = '';
  let from = 0;
  for (const c of found) {
    out += json.slice(from, c.start) + JSON.stringify(fn(c.token, c.path));
    from = c.end;
  }
  return out + json.slice(from);
}

/** Refuses a resource carrying a string that looks like one of our ciphertexts (422, naming the element). */
export function assertNoCiphertextLookalike(resource: Json, rootPath: string): void {
  const bad = findReserved(resource, [rootPath], true);
  if (bad) {
    throw invalidResource(`${bad} starts with '${RESERVED_PREFIX}', which this server reserves for encrypted values`, [
      { field: bad, message: `must not start with '${RESERVED_PREFIX}'`, fhirCode: 'value' },
    ]);
  }
}

function findReserved(node: Json, path: string[], root = false): string | undefined {
  if (typeof node === 'string') return node.startsWith(RESERVED_PREFIX) ? path.join('.') : undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const bad = findReserved(item, path);
      if (bad) return bad;
    }
    return undefined;
  }
  if (!isObj(node)) return undefined;
  const nested = !root && typeof node.resourceType === 'string';
  if (nested) path.push(node.resourceType as string);
  for (const key in node) {
    const child = node[key];
    if (child === null || (typeof child !== 'object' && typeof child !== 'string')) continue;
    path.push(key);
    const bad = findReserved(child, path);
    path.pop();
    if (bad) return bad;
  }
  if (nested) path.pop();
  return undefined;
}
