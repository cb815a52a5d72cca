/** A resource version as kept in the store: the JSON text plus the columns beside it. */
export interface StoredResource {
  readonly resourceType: string;
  readonly id: string;
  readonly versionId: number;
  /** ISO 8601 instant with milliseconds, as in meta.lastUpdated. */
  readonly lastUpdated: string;
  readonly deleted: boolean;
  /** The resource JSON exactly as stored (meta included). For a deletion, the last live JSON. */
  readonly json: string;
}

export interface HistoryEntry extends StoredResource {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
}

export type FhirResource = { resourceType: string; id?: string; meta?: Record<string, unknown>; [key: string]: unknown };

export function parseStored(s: StoredResource): FhirResource {
  return JSON.parse(s.json) as FhirResource;
}

export function weakEtag(versionId: number): string {
  return `W/"${versionId}"`;
}

/** Parses `W/"3"`, `"3"` or `3` into 3; undefined when the header is not a version tag. */
export function parseEtagVersion(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  return m ? Number(m[1]) : undefined;
}

export function toIsoInstant(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return new Date(String(v)).toISOString();
}
