/**
 * The acting context of an HTTP request, set by the authentication hook (authenticate.ts).
 * A public request (the CapabilityStatement) acts as an anonymous caller with no roles,
 * which the store's policy denies everything.
 */
import type { FastifyRequest } from 'fastify';
import type { ActingContext } from '../fhir/acting-context.ts';

export function actingContextFor(request: FastifyRequest): ActingContext {
  return request.actingContext ?? Object.freeze({ userId: 'anonymous', roles: [], requestId: String(request.id), system: false });
}
