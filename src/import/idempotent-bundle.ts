/**
 * Makes an import re-runnable without duplicates: POST entries of a transaction become
 * PUT Type/<id> with the id the source gave (the resource id, or the uuid of a
 * `urn:uuid:` fullUrl). Re-importing the same data then finds identical content and
 * writes no new version. Entries with ifNoneExist keep their conditional create.
 */
import type { FhirResource } from '../fhir/store/stored-resource.ts';
import { ID_PATTERN as ID } from '../fhir/validation/resource-id.ts';

interface Entry {
  fullUrl?: string;
  resource?: FhirResource;
  request?: { method?: string; url?: string; ifNoneExist?: string };
}

export function toIdempotentBundle(bundle: { type?: string; entry?: Entry[] }): { type?: string; entry?: Entry[] } {
  if (!Array.isArray(bundle.entry)) return bundle;
  const entry = bundle.entry.map((e) => {
    if (e.request?.method !== 'POST' || e.request.ifNoneExist || !e.resource?.resourceType) return e;
    const fromUrl = e.fullUrl?.startsWith('urn:uuid:') ? e.fullUrl.slice('urn:uuid:'.length) : undefined;
    const id =
      typeof e.resource.id === 'string' && ID.test(e.resource.id) ? e.resource.id : fromUrl && ID.test(fromUrl) ? fromUrl : undefined;
    if (!id) return e;
    return { ...e, resource: { ...e.resource, id }, request: { method: 'PUT', url: `${e.resource.resourceType}/${id}` } };
  });
  return { ...bundle, entry };
}

/** NDJSON lines (one resource each) as a transaction of PUTs by id. */
export function ndjsonToBundle(resources: FhirResource[]): { resourceType: 'Bundle'; type: 'transaction'; entry: Entry[] } {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((r) =>
      typeof r.id === 'string' && ID.test(r.id)
        ? { resource: r, request: { method: 'PUT', url: `${r.resourceType}/${r.id}` } }
        : { resource: r, request: { method: 'POST', url: r.resourceType } },
    ),
  };
}
