/**
 * Rewrites references inside a transaction Bundle: `urn:uuid:` (and other fullUrl)
 * references to the ids the server assigned, and conditional references
 * (`Practitioner?identifier=...`) to the one resource they match.
 */
import { HaleError } from '../../errors.ts';
import type { FhirRepository } from '../store/repository.ts';
import { findMatches } from '../rest/conditional.ts';
import type { FhirResource } from '../store/stored-resource.ts';

const CONDITIONAL_REF = /^([A-Z][A-Za-z]+)\?(.+)$/;

/** Collects every distinct conditional reference string in the resources. */
export function conditionalReferences(resources: FhirResource[]): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'reference' && typeof x === 'string' && CONDITIONAL_REF.test(x)) found.add(x);
        else if (typeof x === 'object') walk(x);
      }
    }
  };
  for (const r of resources) walk(r);
  return found;
}

/** Resolves conditional references to `Type/id`; none or several matches fail the bundle. */
export async function resolveConditionalReferences(repo: FhirRepository, refs: Iterable<string>): Promise<Map<string, string>> {
  const resolved = new Map<string, string>();
  for (const ref of refs) {
    const m = CONDITIONAL_REF.exec(ref)!;
    const type = m[1]!;
    repo.assertType(type);
    const matches = await findMatches(repo, type, new URLSearchParams(m[2]));
    if (matches.length !== 1) {
      throw new HaleError(
        matches.length === 0 ? 'not-found' : 'precondition-failed',
        `The conditional reference ${ref} matches ${matches.length === 0 ? 'no' : 'more than one'} resource`,
        [{ field: 'reference', message: `${ref} must match exactly one ${type}` }],
      );
    }
    resolved.set(ref, `${type}/${matches[0]!.id}`);
  }
  return resolved;
}

/** Replaces, in place, every string equal to a key of `map` (references and URIs alike). */
export function rewriteReferences(resource: FhirResource, map: ReadonlyMap<string, string>): void {
  if (map.size === 0) return;
  const walk = (v: Record<string, unknown> | unknown[]): void => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x === 'string') {
          const to = map.get(x);
          if (to !== undefined) v[i] = to;
        } else if (x && typeof x === 'object') walk(x as Record<string, unknown>);
      }
      return;
    }
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (typeof x === 'string') {
        const to = map.get(x);
        if (to !== undefined) v[k] = to;
      } else if (x && typeof x === 'object') walk(x as Record<string, unknown>);
    }
  };
  walk(resource);
}
