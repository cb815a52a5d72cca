/** Content rules shared by single and batch writes. */
import { isDeepStrictEqual } from 'node:util';
import type { FhirResource } from './stored-resource.ts';

/**
 * The resource as stored: resourceType first (as people expect to read it), the id, and
 * meta with the server's versionId and lastUpdated (the client's profile, tag, security
 * and source kept).
 */
export function withServerMeta(
  resourceType: string,
  id: string,
  versionId: number,
  lastUpdated: string,
  input: FhirResource,
): FhirResource {
  const { resourceType: _t, id: _id, meta: inputMeta, ...rest } = input;
  return { resourceType, id, meta: { ...(inputMeta ?? {}), versionId: String(versionId), lastUpdated }, ...rest };
}

/** Equal apart from the server-managed meta fields. */
export function sameContent(a: FhirResource, b: FhirResource): boolean {
  const strip = (r: FhirResource) => {
    const { meta, id: _id, ...rest } = r;
    const { versionId: _v, lastUpdated: _l, ...metaRest } = (meta ?? {}) as Record<string, unknown>;
    return Object.keys(metaRest).length ? { ...rest, meta: metaRest } : rest;
  };
  return a.id === b.id && isDeepStrictEqual(strip(a), strip(b));
}
