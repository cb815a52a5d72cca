/**
 * Who is calling: every request outside a short public list must carry a valid session,
 * as a bearer token (API clients) or as the httpOnly cookie a browser got at sign-in.
 * Cookie-authenticated writes must echo the CSRF cookie in X-CSRF-Token (double submit),
 * which a page on another origin cannot read. The result is `request.actingContext`,
 * the one context every store call takes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { HaleError } from '../errors.ts';
import type { ActingContext } from '../fhir/acting-context.ts';
import { actingContextOf, type SessionService } from '../access/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actingContext?: ActingContext;
    /** The session behind the request, for the auth routes. */
    session?: { id: string; userId: string; scope: string };
  }
}

export const ACCESS_COOKIE = 'hale_access';
export const REFRESH_COOKIE = 'hale_refresh';
export const CSRF_COOKIE = 'hale_csrf';

/** API paths anyone may call: probes, the FHIR CapabilityStatement, sign-in itself. */
function isPublic(method: string, path: string): boolean {
  if (path === '/health' || path === '/ready' || path === '/metrics') return true;
  if (path === '/fhir/R4/metadata' && method === 'GET') return true;
  if (path === '/api/v1/auth/login' || path === '/api/v1/auth/refresh') return true;
  return false;
}

/** What a session that still owes a step (new password, MFA set-up) may call. */
function allowedInScope(scope: string, path: string): boolean {
  if (scope === 'full') return true;
  return path.startsWith('/api/v1/auth/');
}

export function clientOf(request: FastifyRequest): { ip: string; userAgent?: string; requestId: string } {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, ...(ua ? { userAgent: ua.slice(0, 512) } : {}), requestId: String(request.id) };
}

export function registerAuthentication(app: FastifyInstance, sessions: SessionService): void {
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0]!;
    // The web app's page and files carry no data: no session is looked up for them, and a
    // session that still owes a step (password, MFA) can load the screens that take it.
    if (!path.startsWith('/api/') && !path.startsWith('/fhir/')) return;
    const header = request.headers.authorization;
    let token: string | undefined;
    let viaCookie = false;
    if (header?.startsWith('Bearer ')) token = header.slice(7).trim();
    else if (request.cookies?.[ACCESS_COOKIE]) {
      token = request.cookies[ACCESS_COOKIE];
      viaCookie = true;
    }
    if (!token) {
      if (isPublic(request.method, path)) return;
      throw new HaleError('unauthorized', 'Sign in first: send Authorization: Bearer <access token> (POST /api/v1/auth/login)', [], {
        'WWW-Authenticate': 'Bearer realm="hale"',
      });
    }
    let auth;
    try {
      auth = await sessions.authenticate(token);
    } catch (err) {
      if (isPublic(request.method, path)) return; // a stale cookie does not block sign-in or the web app
      if (err instanceof HaleError)
        throw new HaleError(err.code, err.message, err.details, { 'WWW-Authenticate': 'Bearer realm="hale", error="invalid_token"' });
      throw err;
    }
    if (viaCookie && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (!sent || sent !== request.cookies[CSRF_COOKIE])
        throw new HaleError('forbidden', 'Missing or wrong X-CSRF-Token header (copy the hale_csrf cookie)');
    }
    if (!allowedInScope(auth.scope, path)) {
      const step =
        auth.scope === 'password-change'
          ? 'change your password (POST /api/v1/auth/password)'
          : 'set up two-factor sign-in (POST /api/v1/auth/mfa/setup)';
      throw new HaleError('forbidden', `Before anything else, ${step}`);
    }
    request.session = { id: auth.sessionId, userId: auth.user.id, scope: auth.scope };
    request.actingContext = actingContextOf(auth, clientOf(request));
  });
}

/** The caller's context; 401 when the route was reached without one. */
export function requireContext(request: FastifyRequest): ActingContext {
  if (!request.actingContext) throw new HaleError('unauthorized', 'Sign in first');
  return request.actingContext;
}

export function requireRole(request: FastifyRequest, ...roles: string[]): ActingContext {
  const ctx = requireContext(request);
  if (!ctx.roles.some((r) => roles.includes(r))) throw new HaleError('forbidden', `Only ${roles.join(' or ')} may do this`);
  return ctx;
}
