/**
 * FHIR REST semantics apart from transport: a request (method, path, query, headers,
 * body) goes in, an outcome (status, headers, body) comes out. The HTTP layer adapts
 * once; bundle processing and the import command reuse the same router.
 */
export type FhirMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface FhirRequest {
  method: FhirMethod;
  /** Path below the FHIR base, without leading slash or query: e.g. 'Patient/123/_history/2'. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body?: unknown;
  /** Content type of the body, lower-cased, without parameters. */
  contentType?: string;
  /** Absolute base URL of the FHIR endpoint, e.g. http://localhost:8080/fhir/R4 */
  baseUrl: string;
}

/** A body that is already JSON text (a stored resource), sent without re-serialising. */
export class RawJson {
  constructor(readonly text: string) {}
}

export interface FhirResponse {
  status: number;
  headers: Record<string, string>;
  body?: Record<string, unknown> | RawJson;
}

export function bodyAsObject(body: FhirResponse['body']): Record<string, unknown> | undefined {
  if (body instanceof RawJson) return JSON.parse(body.text) as Record<string, unknown>;
  return body;
}
