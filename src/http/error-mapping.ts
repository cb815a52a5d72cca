/**
 * Errors are mapped once, here: anything thrown by a route becomes a HaleError, then an
 * OperationOutcome under /fhir and an `{ error: {...} }` body everywhere else.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HaleError, isHaleError } from '../errors.ts';
import { outcomeFromError } from '../fhir/rest/operation-outcome.ts';
import { normalizeDbError } from '../db/normalize-error.ts';
import { statusOf } from './error-status.ts';

/** Turns Fastify's own errors (bad JSON, body too large, timeouts) and DB errors into HaleErrors. */
export function toHaleError(err: unknown): HaleError {
  if (isHaleError(err)) return err;
  const normalized = normalizeDbError(err);
  if (isHaleError(normalized)) return normalized;
  const fe = err as Partial<FastifyError> & { code?: string };
  // A route's JSON schema rejected the request: one detail per failing field.
  if (Array.isArray(fe.validation) && fe.validation.length) {
    const where = fe.validationContext ?? 'body';
    const details = fe.validation.map((v) => {
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      const path = [where, ...(v.instancePath ?? '').split('/').filter(Boolean), ...(missing ? [missing] : [])].join('.');
      return { field: path, message: missing ? 'is required' : (v.message ?? 'is invalid') };
    });
    return new HaleError(
      'bad-request',
      `The request ${where} is invalid: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
      details,
    );
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HaleError('bad-request', `The body is not valid JSON: ${fe.message ?? ''}`.trim());
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HaleError('payload-too-large', 'The request body is larger than this server accepts (HALE_BODY_LIMIT_BYTES).');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HaleError('unsupported-media-type', `Unsupported Content-Type; send application/fhir+json or application/json`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HaleError('bad-request', 'Content-Length does not match the body');
    default:
      break;
  }
  if (fe instanceof SyntaxError || (fe.statusCode === 400 && fe.message)) {
    return new HaleError('bad-request', fe.message ?? 'Bad request');
  }
  return new HaleError('internal', 'An unexpected error occurred; it has been logged with the request id.');
}

export function isFhirPath(url: string): boolean {
  return url.startsWith('/fhir/');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const hale = toHaleError(err);
  const status = statusOf(hale.code);
  if (status >= 500) request.log.error({ err }, 'request failed');
  else request.log.info({ code: hale.code, message: hale.message }, 'request rejected');
  for (const [k, v] of Object.entries(hale.headers)) reply.header(k, v);
  if (isFhirPath(request.url)) {
    return reply.status(status).type('application/fhir+json; charset=utf-8').send(outcomeFromError(hale));
  }
  return reply.status(status).send({
    error: {
      code: hale.code,
      message: hale.message,
      details: hale.details.map((d) => ({ field: d.field, message: d.message })),
      requestId: request.id,
    },
  });
}
