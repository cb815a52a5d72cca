/**
 * This server's own FHIR base urls, so an absolute reference to one of its resources
 * (`https://hale.example.org/fhir/R4/Patient/1`) is indexed and searched as the local
 * `Patient/1` (search.html#reference: "a server SHOULD treat an absolute URL that matches
 * its base as a local reference"). The base is the configured public URL (HALE_BASE_URL);
 * without one the server answers on whatever host a request names, and no absolute url
 * can be known to be its own.
 */
import { LOCAL_REFERENCE_PATTERN } from '../validation/resource-id.ts';

let bases: readonly string[] = [];

/** Set once at start by the composition root: the FHIR base url(s), e.g. `https://h.example/fhir/R4`. */
export function setLocalFhirBases(urls: readonly string[]): void {
  bases = urls.map((u) => u.replace(/\/+$/, '')).filter((u) => u !== '');
}

export function localFhirBases(): readonly string[] {
  return bases;
}

/** `Type/id[/_history/v]` when `url` is under one of this server's bases, else undefined. */
export function localPart(url: string): string | undefined {
  for (const base of bases) {
    if (url.length > base.length + 1 && url.startsWith(base) && url[base.length] === '/') {
      const rest = url.slice(base.length + 1);
      if (LOCAL_REFERENCE_PATTERN.test(rest)) return rest;
    }
  }
  return undefined;
}
