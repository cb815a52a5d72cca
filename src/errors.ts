/**
 * Typed errors thrown by services and the store. Each carries a stable machine
 * code; the HTTP edge maps code -> status -> body in one place (src/http/error-mapping.ts).
 */

export type ErrorCode =
  | 'bad-request' // malformed request: bad JSON, bad header, bad parameter (400)
  | 'invalid-resource' // resource fails validation (422)
  | 'unauthorized' // no or bad credentials (401)
  | 'forbidden' // authenticated but not allowed (403)
  | 'not-found' // no such resource or route (404)
  | 'method-not-allowed' // interaction not supported on this path (405)
  | 'not-acceptable' // cannot produce the requested format (406)
  | 'conflict' // write conflicts with current state, e.g. unique violation (409)
  | 'gone' // resource was deleted (410)
  | 'precondition-failed' // If-Match mismatch, conditional op matched many (412)
  | 'payload-too-large' // body over the configured limit (413)
  | 'unsupported-media-type' // body content type not understood (415)
  | 'too-many-requests' // rate limited (429)
  | 'internal' // a bug (500)
  | 'not-implemented' // recognised but not built (501)
  | 'unavailable' // database unreachable, disk full (503)
  | 'timeout'; // statement or request timeout (504)

/** One problem inside an error: which field (a FHIRPath expression for resources), and why. */
export interface ErrorDetail {
  field?: string;
  message: string;
  /** FHIR issue type code (OperationOutcome.issue.code); defaults from the error code. */
  fhirCode?: string;
  severity?: 'fatal' | 'error' | 'warning' | 'information';
}

export class HaleError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** Extra response headers the edge should send (e.g. Retry-After). */
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HaleError';
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]): HaleError => new HaleError('bad-request', message, details);
export const invalidResource = (message: string, details?: ErrorDetail[]): HaleError => new HaleError('invalid-resource', message, details);
export const notFound = (message: string): HaleError => new HaleError('not-found', message);
export const gone = (message: string): HaleError => new HaleError('gone', message);
export const conflict = (message: string, details?: ErrorDetail[]): HaleError => new HaleError('conflict', message, details);
export const preconditionFailed = (message: string): HaleError => new HaleError('precondition-failed', message);
export const methodNotAllowed = (message: string): HaleError => new HaleError('method-not-allowed', message);

export function isHaleError(err: unknown): err is HaleError {
  return err instanceof HaleError;
}
