/**
 * The acting context of an HTTP request. Accounts and sign-in come with the access-control
 * work; until then every request acts as one anonymous local user, and the context still
 * flows through every store call so that policy and audit can attach there.
 */
import type { FastifyRequest } from 'fastify';
import type { ActingContext } from '../fhir/acting-context.ts';

export function actingContextFor(request: FastifyRequest): ActingContext {
  return Object.freeze({ userId: 'anonymous', roles: [], requestId: String(request.id), system: false });
}
