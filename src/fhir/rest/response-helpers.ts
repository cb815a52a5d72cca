/** Shaping resource responses: ETag, Last-Modified, Location and the Prefer header. */
import type { StoredResource } from '../store/stored-resource.ts';
import { weakEtag } from '../store/stored-resource.ts';
import type { FhirResponse } from './fhir-request.ts';
import { RawJson } from './fhir-request.ts';
import { informationOutcome } from './operation-outcome.ts';

export function versionHeaders(s: StoredResource): Record<string, string> {
  return { ETag: weakEtag(s.versionId), 'Last-Modified': new Date(s.lastUpdated).toUTCString() };
}

export function locationOf(baseUrl: string, s: StoredResource): string {
  return `${baseUrl}/${s.resourceType}/${s.id}/_history/${s.versionId}`;
}

export type PreferReturn = 'minimal' | 'representation' | 'OperationOutcome';

export function preferReturn(header: string | undefined): PreferReturn {
  const m = /(?:^|[,;\s])return\s*=\s*"?(minimal|representation|OperationOutcome)"?/i.exec(header ?? '');
  if (!m) return 'representation';
  const v = m[1]!.toLowerCase();
  return v === 'minimal' ? 'minimal' : v === 'operationoutcome' ? 'OperationOutcome' : 'representation';
}

export function preferLenient(header: string | undefined): boolean {
  return /(?:^|[,;\s])handling\s*=\s*"?lenient"?/i.test(header ?? '');
}

/** The response to a create/update/patch, honouring Prefer: return=. */
export function writeResponse(status: number, baseUrl: string, s: StoredResource, prefer: PreferReturn, note: string): FhirResponse {
  const headers = { ...versionHeaders(s), Location: locationOf(baseUrl, s) };
  if (prefer === 'minimal') return { status, headers };
  if (prefer === 'OperationOutcome') return { status, headers, body: informationOutcome(note) };
  return { status, headers, body: new RawJson(s.json) };
}
