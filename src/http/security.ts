/**
 * Security plugins of the HTTP edge: rate limits, security headers, CORS.
 * Placeholder until they land; buildApp calls it before any route is registered.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

export async function registerSecurity(_app: FastifyInstance, _config: Config): Promise<void> {}
