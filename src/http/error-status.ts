/** The one table from error code to HTTP status. */
import type { ErrorCode } from '../errors.ts';

const STATUS: Record<ErrorCode, number> = {
  'bad-request': 400,
  'invalid-resource': 422,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'not-acceptable': 406,
  conflict: 409,
  gone: 410,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  internal: 500,
  'not-implemented': 501,
  unavailable: 503,
  timeout: 504,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}
