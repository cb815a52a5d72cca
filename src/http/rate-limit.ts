/**
 * Rate limits at the HTTP edge: one limit per client on every request (the probes
 * excepted), and stricter ones on sign-in. Counters live in this process, or in Redis
 * when REDIS_URL is set so that every instance behind a load balancer shares them.
 *
 * The limits are applied by hooks of ours that call the plugin's limiter, rather than by
 * the plugin's own per-route hooks: the client limit has to run before authentication
 * (so that unauthenticated floods count) and on unmatched routes too, and a store failure
 * has to be logged and counted, not hidden. See docs/security-edge.md.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions, onRequestHookHandler } from 'fastify';
import rateLimit, { type errorResponseBuilderContext } from '@fastify/rate-limit';
import { Counter, type Metric } from 'prom-client';
import type { Config } from '../config.ts';
import { HaleError } from '../errors.ts';
import { AuthenticatedTokens, accountKey, accountOf, clientKey, presentedToken, signInKey } from './rate-limit-keys.ts';
import { connectRateLimitRedis, throttledErrorLog } from './rate-limit-redis.ts';

/** Polled by load balancers and monitoring; never limited. */
export const UNLIMITED_ROUTES: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

/** The per-account sign-in limit, across all IPs, is this many times the per-client one. */
export const ACCOUNT_LIMIT_FACTOR = 5;

export interface SignInLimit {
  /** Attempts per window from one IP for one account. */
  readonly max: number;
  /** Attempts per window for one account from all IPs together. */
  readonly accountMax: number;
  readonly timeWindowMs: number;
  /** The body field naming the account; without it, the signed-in user is the account. */
  readonly accountField: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    signInLimit?: SignInLimit;
  }
  interface FastifyInstance {
    /** Rate-limit metrics, for the app's metrics registry to include. */
    securityMetrics: readonly Metric[];
  }
}

/**
 * Route options for sign-in and other credential checks: spread them into the route's
 * options, e.g. `app.post('/api/v1/auth/login', { ...loginRateLimit(config), schema }, handler)`.
 */
export function loginRateLimit(config: Config, opts: { accountField?: string } = {}): RouteShorthandOptions {
  const signInLimit: SignInLimit = {
    max: config.loginRateLimitMax,
    accountMax: config.loginRateLimitMax * ACCOUNT_LIMIT_FACTOR,
    timeWindowMs: config.loginRateLimitWindowMs,
    accountField: opts.accountField ?? 'username',
  };
  return { config: { signInLimit } };
}

/** The 429 every limit answers with; the edge's error mapping turns it into our JSON or an OperationOutcome. */
export function tooManyRequests(_request: FastifyRequest, context: Pick<errorResponseBuilderContext, 'ttl'>): HaleError {
  const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
  return new HaleError('too-many-requests', `Too many requests; try again in ${seconds} s.`, [], { 'Retry-After': String(seconds) });
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

interface LimitMetrics {
  rejected: Counter<'limit'>;
  storeErrors: Counter;
}

function createMetrics(): LimitMetrics {
  // Not registered here: the app's registry is created later and takes them from app.securityMetrics.
  return {
    rejected: new Counter({
      name: 'hale_rate_limit_rejected_total',
      help: 'Requests refused with 429, by limit (client, sign-in, account)',
      labelNames: ['limit'],
      registers: [],
    }),
    storeErrors: new Counter({
      name: 'hale_rate_limit_store_errors_total',
      help: 'Rate-limit checks that failed (Redis unreachable or slow) and let the request through unchecked',
      registers: [],
    }),
  };
}

export async function registerRateLimits(app: FastifyInstance, config: Config): Promise<void> {
  const metrics = createMetrics();
  app.decorate('securityMetrics', [metrics.rejected, metrics.storeErrors]);

  const redis = config.redisUrl ? await connectRateLimitRedis(config.redisUrl, app.log) : undefined;
  if (redis) app.addHook('onClose', async () => redis.disconnect());

  const tokens = new AuthenticatedTokens();
  const presented = new WeakMap<FastifyRequest, string>();
  await app.register(rateLimit, {
    // Applied by our hooks below, not per route by the plugin.
    global: false,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowMs,
    keyGenerator: (request) => clientKey(request, presented.get(request), tokens),
    errorResponseBuilder: tooManyRequests,
    // Store errors reach enforce(), which fails open with a log line and a metric.
    skipOnError: false,
    ...(redis ? { redis, nameSpace: `${config.redisPrefix}rate-limit:` } : {}),
  });

  const logStoreError = throttledErrorLog(app.log, 'rate-limit store failed; request let through without a limit check');
  async function enforce(request: FastifyRequest, reply: FastifyReply, limiter: Limiter, limit: string, headers: boolean): Promise<void> {
    let result: Awaited<ReturnType<Limiter>>;
    try {
      result = await limiter(request);
    } catch (err) {
      // A hospital system stays usable when Redis is down: fail open, loudly.
      metrics.storeErrors.inc();
      logStoreError(err);
      return;
    }
    if (result.isAllowed) return;
    if (headers) {
      reply.header('X-RateLimit-Limit', result.max);
      reply.header('X-RateLimit-Remaining', result.remaining);
      reply.header('X-RateLimit-Reset', result.ttlInSeconds);
    }
    if (!result.isExceeded) return;
    metrics.rejected.inc({ limit });
    throw tooManyRequests(request, result);
  }

  const clientLimit = app.createRateLimit();
  const limitClient: onRequestHookHandler = async (request, reply) => {
    if (UNLIMITED_ROUTES.has(request.routeOptions.url ?? '')) return;
    const token = presentedToken(request);
    if (token) presented.set(request, token);
    await enforce(request, reply, clientLimit, 'client', true);
  };
  // An app-level hook, registered before authentication's: it runs first, on unmatched routes too.
  app.addHook('onRequest', limitClient);
  app.addHook('onResponse', async (request) => {
    const token = presented.get(request);
    const ctx = request.actingContext;
    if (token && ctx && !ctx.system) tokens.remember(token, ctx.userId);
  });

  app.addHook('onRoute', (route) => {
    const limit = route.config?.signInLimit;
    if (!limit) return;
    // Each credential route counts on its own (in Redis, the plugin's per-limiter stores share one key space).
    const scope = `${String(route.method)} ${route.url}`;
    const perClient = app.createRateLimit({
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      keyGenerator: (request) => `${scope}|${signInKey(request, limit.accountField)}`,
    });
    const perAccount = app.createRateLimit({
      max: limit.accountMax,
      timeWindow: limit.timeWindowMs,
      keyGenerator: (request) => `${scope}|${accountKey(accountOf(request, limit.accountField) ?? '')}`,
    });
    // preHandler: the submitted username is in the body, parsed and validated by now.
    const limitSignIn = async (request: FastifyRequest, reply: FastifyReply) => {
      await enforce(request, reply, perClient, 'sign-in', true);
      // Only attempts that passed the per-client limit count against the account, so one
      // client alone cannot exhaust it and lock the account's owner out.
      if (accountOf(request, limit.accountField) !== undefined) await enforce(request, reply, perAccount, 'account', false);
    };
    const existing = route.preHandler;
    route.preHandler = [...(Array.isArray(existing) ? existing : existing ? [existing] : []), limitSignIn];
  });
}
