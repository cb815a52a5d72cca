/**
 * Cross-origin access: denied unless the origin is on HALE_CORS_ORIGINS. Allowed origins
 * may send credentials (cookies, Authorization) and read the headers a FHIR or API client
 * needs. Requests from other origins get no CORS headers at all, so browsers withhold the
 * answer from the calling page.
 */
import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import type { Config } from '../config.ts';

export const EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Content-Location',
  'Last-Modified',
  'X-Request-Id',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
];

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Browsers send an origin without a trailing slash; a configured one may have it. */
function normalizeOrigin(origin: string): string {
  return origin.replace(/\/+$/, '');
}

export async function registerCors(app: FastifyInstance, config: Config): Promise<void> {
  const allowed = new Set(config.corsOrigins.map(normalizeOrigin));
  if (allowed.has('*')) app.log.warn("HALE_CORS_ORIGINS='*' is not supported (credentials are allowed); list the origins");
  await app.register(cors, {
    // Exact matches only: a pattern or '*' together with credentials would hand sessions to any site.
    origin: allowed.size === 0 ? false : (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: METHODS,
    exposedHeaders: EXPOSED_HEADERS,
    // Request headers of a preflight are reflected: the allowed origins are trusted callers.
    maxAge: 600,
  });
}
