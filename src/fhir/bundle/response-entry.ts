/** One entry of a batch-response or transaction-response Bundle. */
import { statusOf } from '../../http/error-status.ts';
import type { HaleError } from '../../errors.ts';
import type { StoredResource } from '../store/stored-resource.ts';
import { bodyAsObject, type FhirResponse } from '../rest/fhir-request.ts';
import type { PreferReturn } from '../rest/response-helpers.ts';

const REASON: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content' };

export function statusLine(err: HaleError): string {
  return String(statusOf(err.code));
}

export function toResponseEntry(
  baseUrl: string,
  res: FhirResponse,
  stored: StoredResource | undefined,
  prefer: PreferReturn,
): Record<string, unknown> {
  const response: Record<string, unknown> = { status: `${res.status} ${REASON[res.status] ?? ''}`.trim() };
  const location = res.headers.Location;
  if (stored) {
    response.location = `${stored.resourceType}/${stored.id}/_history/${stored.versionId}`;
    response.etag = `W/"${stored.versionId}"`;
    response.lastModified = stored.lastUpdated;
  } else {
    if (location) response.location = location.startsWith(baseUrl + '/') ? location.slice(baseUrl.length + 1) : location;
    if (res.headers.ETag) response.etag = res.headers.ETag;
    if (res.headers['Last-Modified']) response.lastModified = new Date(res.headers['Last-Modified']).toISOString();
  }
  const entry: Record<string, unknown> = {};
  if (prefer === 'representation') {
    const body = stored ? (JSON.parse(stored.json) as Record<string, unknown>) : bodyAsObject(res.body);
    if (body && body.resourceType !== 'OperationOutcome') {
      entry.fullUrl = `${baseUrl}/${String(body.resourceType)}/${String(body.id)}`;
      entry.resource = body;
    } else if (body) response.outcome = body;
  } else if (prefer === 'OperationOutcome' && res.body) {
    response.outcome = bodyAsObject(res.body);
  }
  entry.response = response;
  return entry;
}
