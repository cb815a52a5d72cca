/**
 * The Fastify application: parsers, limits, error mapping, and the route groups.
 * Knows the database only to hand it to the store.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/types.ts';
import { HaleError } from '../errors.ts';
import type { Logger } from 'pino';
import { clientErrorHandler, timeoutCheckIntervalMs } from './client-errors.ts';
import { registerMetrics } from './metrics.ts';
import { registerOpsRoutes, type Readiness } from './ops-routes.ts';
import { registerFhirRoutes } from './fhir-routes.ts';
import { sendError } from './error-mapping.ts';
import { registerHomePage } from './home-page.ts';
import { registerWebApp, type WebApp } from './web-app.ts';
import { registerSecurity } from './security.ts';
import { loginRateLimit } from './rate-limit.ts';
import cookie from '@fastify/cookie';
import { registerAuthentication } from './authenticate.ts';
import { registerAuthRoutes } from '../access/auth-routes.ts';
import { registerAdminRoutes } from '../access/admin-routes.ts';
import type { SessionService } from '../access/sessions.ts';
import type { SecurityAudit } from '../access/security-audit.ts';
import type { StoreGuard } from '../fhir/store/store-guard.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { registerAuditRoutes } from '../audit/audit-routes.ts';
import { registerEncryptionRuleRoutes } from '../crypto/rule-routes.ts';
import { registerPatientRoutes } from '../modules/patients/routes.ts';
import { registerSchedulingRoutes } from '../modules/scheduling/routes.ts';
import { registerNotificationRoutes } from '../modules/notifications/routes.ts';
import { accessNoticeStates, queueAccessNotices } from '../modules/notifications/access-notice.ts';
import { registerPortalRoutes } from '../modules/portal/routes.ts';

export interface AppDeps {
  config: Config;
  db: Database;
  readiness: Readiness;
  logger: Logger;
  access: {
    sessions: SessionService;
    guard: StoreGuard;
    audit: SecurityAudit;
    signingKey: string;
  };
  auditLog: AuditLog;
  /** A sensitive-element rule changed (its reindex request is committed): the server works it off. */
  onRulesChanged?: () => void;
}

const JSON_TYPES = ['application/json', 'application/fhir+json', 'application/json-patch+json'];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    // A silent socket is dropped only after the request timeout could answer it with a 408.
    connectionTimeout: config.requestTimeoutMs + timeoutCheckIntervalMs(config.requestTimeoutMs) + 1000,
    // Node swaps the two timeouts when the headers' is the longer (its default is 60 s), which
    // would leave a body that stops halfway waiting 60 s instead of the request timeout.
    http: {
      headersTimeout: Math.min(60_000, config.requestTimeoutMs),
      connectionsCheckingInterval: timeoutCheckIntervalMs(config.requestTimeoutMs),
    },
    clientErrorHandler: clientErrorHandler(config.requestTimeoutMs),
    requestIdHeader: 'x-request-id',
    // A caller's X-Request-Id is kept; otherwise we make one.
    genReqId: () => randomUUID(),
    forceCloseConnections: 'idle',
    // Fastify accepts a hop count too (proxy-addr); its typings for this overload omit number.
    trustProxy: config.trustProxy as boolean | string[],
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 1000 },
    // pino's Logger and Fastify's base logger type differ only in generics; one instance serves both.
  }) as unknown as FastifyInstance;

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });

  // While shutting down, a response that was in flight closes its connection, so the
  // server does not wait for the client's keep-alive to time out before it can exit.
  app.addHook('onSend', async (_request, reply) => {
    if (deps.readiness.shuttingDown) reply.header('Connection', 'close');
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new HaleError('bad-request', `The body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });
  app.addContentTypeParser(['application/fhir+xml', 'application/xml', 'text/xml'], (_req, _payload, done) => {
    done(
      new HaleError('unsupported-media-type', 'This server accepts FHIR JSON only (application/fhir+json); XML is not supported'),
      undefined,
    );
  });
  app.addContentTypeParser('*', (_req, _payload, done) => {
    done(new HaleError('unsupported-media-type', 'Unsupported Content-Type; send application/fhir+json or application/json'), undefined);
  });

  app.setErrorHandler((err, request, reply) => sendError(request, reply, err));
  // Filled below once the routes are known: the web app answers page addresses no route owns.
  let webApp: WebApp | undefined;
  app.setNotFoundHandler((request, reply) => {
    if (webApp?.servePage(request, reply)) return;
    sendError(request, reply, new HaleError('not-found', `No route for ${request.method} ${request.url.split('?')[0]}`));
  });

  await registerSecurity(app, config);
  await app.register(cookie);
  registerAuthentication(app, deps.access.sessions);
  const registry = registerMetrics(app, db, deps.access.guard.creates, deps.access.guard.reads);
  registerOpsRoutes(app, db, registry, deps.readiness);
  registerAuthRoutes(app, {
    db,
    config,
    sessions: deps.access.sessions,
    signingKey: deps.access.signingKey,
    audit: deps.access.audit,
    loginRouteOptions: loginRateLimit(config),
  });
  registerAdminRoutes(app, { db, audit: deps.access.audit, guard: deps.access.guard, queueAccessNotices, accessNoticeStates });
  if (deps.access.guard.fields)
    registerEncryptionRuleRoutes(app, {
      db,
      fields: deps.access.guard.fields,
      audit: deps.access.audit,
      onRulesChanged: () => deps.onRulesChanged?.(),
    });
  registerAuditRoutes(app, { db, auditLog: deps.auditLog, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) });
  registerPatientRoutes(app, { db, guard: deps.access.guard, documentMaxBytes: config.documentMaxBytes });
  registerSchedulingRoutes(app, { db, guard: deps.access.guard, config: config.scheduling });
  registerNotificationRoutes(app, { db, guard: deps.access.guard });
  registerPortalRoutes(app, { db, guard: deps.access.guard });
  registerFhirRoutes(app, db, config.baseUrl, deps.access.guard);
  webApp = await registerWebApp(app);
  // Without a build (installed without dev packages), / still says where things are.
  if (!webApp) registerHomePage(app);
  return app;
}
