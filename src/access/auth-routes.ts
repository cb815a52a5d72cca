/**
 * /api/v1/auth: sign in, refresh, sign out, own sessions, own password, MFA set-up.
 * API clients get tokens in the body; a browser asks for `"session": "cookie"` and gets
 * httpOnly cookies instead (Secure over HTTPS, SameSite=Strict) plus a CSRF cookie.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/types.ts';
import { HaleError } from '../errors.ts';
import { ACCESS_COOKIE, CSRF_COOKIE, REFRESH_COOKIE, clientOf, requireContext } from '../http/authenticate.ts';
import { changePassword, getUser } from './accounts.ts';
import { confirmMfaSetup, startMfaSetup } from './mfa-service.ts';
import { newOpaqueToken } from './tokens.ts';
import { auditRecordBy, type SecurityAudit } from './security-audit.ts';
import type { SessionService, SignedIn } from './sessions.ts';

export interface AuthRouteDeps {
  db: Queryable;
  config: Config;
  sessions: SessionService;
  signingKey: string;
  audit: SecurityAudit;
  /** Per-route options for sign-in (the stricter rate limit). */
  loginRouteOptions?: RouteShorthandOptions;
}

const loginSchema = {
  body: {
    type: 'object',
    required: ['username', 'password'],
    properties: {
      username: { type: 'string', minLength: 1, maxLength: 64 },
      password: { type: 'string', minLength: 1, maxLength: 1024 },
      totp: { type: 'string', maxLength: 32 },
      session: { type: 'string', enum: ['token', 'cookie'] },
    },
    additionalProperties: false,
  },
};

function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

function answer(request: FastifyRequest, reply: FastifyReply, s: SignedIn, cookie: boolean) {
  if (!cookie)
    return {
      sessionId: s.sessionId,
      accessToken: s.accessToken,
      refreshToken: s.refreshToken,
      tokenType: 'Bearer',
      expiresIn: s.expiresIn,
      scope: s.scope,
      user: s.user,
    };
  const secure = isHttps(request);
  reply.setCookie(ACCESS_COOKIE, s.accessToken, { httpOnly: true, secure, sameSite: 'strict', path: '/' });
  reply.setCookie(REFRESH_COOKIE, s.refreshToken, { httpOnly: true, secure, sameSite: 'strict', path: '/api/v1/auth' });
  reply.setCookie(CSRF_COOKIE, newOpaqueToken(), { httpOnly: false, secure, sameSite: 'strict', path: '/' });
  return { sessionId: s.sessionId, expiresIn: s.expiresIn, scope: s.scope, user: s.user };
}

export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): void {
  const { db, sessions } = deps;

  app.post('/api/v1/auth/login', { ...(deps.loginRouteOptions ?? {}), schema: loginSchema }, async (request, reply) => {
    const body = request.body as { username: string; password: string; totp?: string; session?: string };
    const signedIn = await sessions.login(body, clientOf(request));
    return answer(request, reply, signedIn, body.session === 'cookie');
  });

  app.post('/api/v1/auth/refresh', async (request, reply) => {
    const body = (request.body ?? {}) as { refreshToken?: unknown };
    const fromCookie = request.cookies?.[REFRESH_COOKIE];
    const signedIn = await sessions.refresh(body.refreshToken ?? fromCookie, clientOf(request));
    return answer(request, reply, signedIn, body.refreshToken === undefined && fromCookie !== undefined);
  });

  app.post('/api/v1/auth/logout', async (request, reply) => {
    requireContext(request);
    await sessions.logout(request.session!.id);
    await deps.audit([
      auditRecordBy({ userId: request.session!.userId, roles: request.actingContext!.roles, ...clientOf(request) }, 'logout', 'success'),
    ]);
    for (const c of [ACCESS_COOKIE, CSRF_COOKIE]) reply.clearCookie(c, { path: '/' });
    reply.clearCookie(REFRESH_COOKIE, { path: '/api/v1/auth' });
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', async (request) => {
    requireContext(request);
    return {
      user: await getUser(db, request.session!.userId),
      scope: request.session!.scope,
      sessionId: request.session!.id,
      // The web app warns before the server's idle log-off, so it needs the server's figure.
      idleTimeoutMinutes: deps.config.idleTimeoutMin,
    };
  });

  app.get('/api/v1/auth/sessions', async (request) => {
    requireContext(request);
    return { sessions: await sessions.listSessions(request.session!.userId, request.session!.id) };
  });

  app.delete('/api/v1/auth/sessions/:id', async (request, reply) => {
    requireContext(request);
    const { id } = request.params as { id: string };
    if (!(await sessions.revokeSession(request.session!.userId, id))) throw new HaleError('not-found', `You have no open session ${id}`);
    return reply.status(204).send();
  });

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        body: {
          type: 'object',
          required: ['currentPassword', 'newPassword'],
          properties: { currentPassword: { type: 'string', maxLength: 1024 }, newPassword: { type: 'string', maxLength: 1024 } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      requireContext(request);
      const { currentPassword, newPassword } = request.body as { currentPassword: string; newPassword: string };
      await changePassword(db, request.session!.userId, currentPassword, newPassword, request.session!.id);
      const next = await sessions.advanceScope(request.session!.id, request.session!.userId);
      await deps.audit([
        auditRecordBy(
          { userId: request.session!.userId, roles: request.actingContext!.roles, ...clientOf(request) },
          'password-change',
          'success',
        ),
      ]);
      if (request.cookies?.[ACCESS_COOKIE]) {
        reply.setCookie(ACCESS_COOKIE, next.accessToken, { httpOnly: true, secure: isHttps(request), sameSite: 'strict', path: '/' });
        return { scope: next.scope };
      }
      return { accessToken: next.accessToken, scope: next.scope };
    },
  );

  app.post('/api/v1/auth/mfa/setup', async (request) => {
    requireContext(request);
    return startMfaSetup(db, request.session!.userId, deps.signingKey);
  });

  app.post(
    '/api/v1/auth/mfa/confirm',
    {
      schema: {
        body: { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 16 } }, additionalProperties: false },
      },
    },
    async (request, reply) => {
      requireContext(request);
      const backupCodes = await confirmMfaSetup(db, request.session!.userId, (request.body as { code: string }).code, deps.signingKey);
      const next = await sessions.advanceScope(request.session!.id, request.session!.userId);
      await deps.audit([
        auditRecordBy(
          { userId: request.session!.userId, roles: request.actingContext!.roles, ...clientOf(request) },
          'mfa-enabled',
          'success',
        ),
      ]);
      if (request.cookies?.[ACCESS_COOKIE]) {
        reply.setCookie(ACCESS_COOKIE, next.accessToken, { httpOnly: true, secure: isHttps(request), sameSite: 'strict', path: '/' });
        return { backupCodes, scope: next.scope };
      }
      return { backupCodes, accessToken: next.accessToken, scope: next.scope };
    },
  );
}
