/**
 * Security plugins of the HTTP edge: security headers, CORS, rate limits (docs/security-edge.md).
 * buildApp calls it before any route and before authentication, so that every route, the
 * not-found answer and unauthenticated requests all pass through them.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerCors } from './cors.ts';
import { registerRateLimits } from './rate-limit.ts';

export { loginRateLimit } from './rate-limit.ts';

export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  registerSecurityHeaders(app);
  // Before the limits: a preflight is answered by CORS alone and is not counted.
  await registerCors(app, config);
  await registerRateLimits(app, config);
}
