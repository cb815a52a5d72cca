/**
 * Rate limits at the HTTP edge: the client limit on a real server (headers, 429 in both
 * error formats, probes exempt, per-IP and per-user buckets), and the sign-in limits on a
 * bare app built with the same security plugins.
 *
 * Requests leave from distinct loopback addresses (127.0.0.x), so each case is its own client.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.ts';
import { registerSecurity, loginRateLimit } from '../src/http/security.ts';
import { sendError } from '../src/http/error-mapping.ts';
import type { ActingContext } from '../src/fhir/acting-context.ts';
import { TEST_ADMIN_PASSWORD, startTestServer, type TestServer } from './support/test-server.ts';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** One request from a chosen loopback address. */
function send(
  baseUrl: string,
  path: string,
  from: string,
  opts: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) {
  const url = new URL(path, baseUrl);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: opts.method ?? 'GET',
        localAddress: from,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON; keep the text
          }
          resolve({ status: res.statusCode!, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function expectLimitHeaders(answer: Answer, limit: number, remaining: number): void {
  expect(answer.headers['x-ratelimit-limit']).toBe(String(limit));
  expect(answer.headers['x-ratelimit-remaining']).toBe(String(remaining));
  expect(Number(answer.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
}

describe('client rate limit on a real server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ HALE_RATE_LIMIT_MAX: '5', HALE_RATE_LIMIT_WINDOW_MS: '60000', HALE_LOGIN_RATE_LIMIT_MAX: '3' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('counts every request, answers the 6th with 429 and Retry-After, in the format of the API that was called', async () => {
    const from = '127.0.0.2';
    const answers: Answer[] = [];
    answers.push(await send(server.url, '/api/v1/no-such-task', from)); // refused (not signed in): still counts
    answers.push(await send(server.url, '/no-such-page', from)); // no route: still counts
    answers.push(await send(server.url, '/fhir/R4/metadata', from));
    answers.push(await send(server.url, '/fhir/R4/metadata', from));
    answers.push(await send(server.url, '/fhir/R4/metadata', from));
    expect(answers.map((a) => a.status)).toEqual([401, 404, 200, 200, 200]);
    answers.forEach((a, i) => expectLimitHeaders(a, 5, 4 - i));

    const fhir = await send(server.url, '/fhir/R4/metadata', from);
    expect(fhir.status).toBe(429);
    expectLimitHeaders(fhir, 5, 0);
    expect(Number(fhir.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(fhir.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(fhir.headers['content-type']).toContain('application/fhir+json');
    expect(fhir.body.resourceType).toBe('OperationOutcome');
    expect(fhir.body.issue[0].code).toBe('throttled');

    const api = await send(server.url, '/api/v1/no-such-task', from);
    expect(api.status).toBe(429);
    expect(Number(api.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(api.body.error.code).toBe('too-many-requests');
    expect(api.body.error.message).toMatch(/try again/);
    expect(api.body.error.requestId).toBe(api.headers['x-request-id']);
  });

  it('never limits /health, /ready and /metrics, even for a client over its limit', async () => {
    const from = '127.0.0.3';
    for (let i = 0; i < 6; i++) await send(server.url, '/fhir/R4/metadata', from);
    expect((await send(server.url, '/fhir/R4/metadata', from)).status).toBe(429);
    for (let i = 0; i < 10; i++) {
      for (const probe of ['/health', '/ready', '/metrics']) {
        const answer = await send(server.url, probe, from);
        expect(answer.status, probe).toBe(200);
        expect(answer.headers['x-ratelimit-limit'], probe).toBeUndefined();
      }
    }
  });

  it('keeps one bucket per client: another address is not affected', async () => {
    for (let i = 0; i < 6; i++) await send(server.url, '/fhir/R4/metadata', '127.0.0.4');
    expect((await send(server.url, '/fhir/R4/metadata', '127.0.0.4')).status).toBe(429);
    const other = await send(server.url, '/fhir/R4/metadata', '127.0.0.5');
    expect(other.status).toBe(200);
    expectLimitHeaders(other, 5, 4);
  });

  it('counts a signed-in user against the user, not the address, once the token has been accepted', async () => {
    const from = '127.0.0.6';
    const signIn = await send(server.url, '/api/v1/auth/login', from, {
      method: 'POST',
      body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    });
    expect(signIn.status).toBe(200);
    const auth = { authorization: `Bearer ${signIn.body.accessToken}` };
    // The token's first use still counts against the address (it is not known yet) ...
    expect((await send(server.url, '/fhir/R4/metadata', from, { headers: auth })).status).toBe(200);
    // ... and the rest of the address's budget goes to anonymous requests.
    for (let i = 0; i < 3; i++) await send(server.url, '/fhir/R4/metadata', from);
    expect((await send(server.url, '/fhir/R4/metadata', from)).status).toBe(429);
    // The user has a budget of their own.
    const asUser = await send(server.url, '/fhir/R4/metadata', from, { headers: auth });
    expect(asUser.status).toBe(200);
    expectLimitHeaders(asUser, 5, 4);
  });

  it('limits sign-in attempts on POST /api/v1/auth/login per address and username', async () => {
    const from = '127.0.0.8';
    const attempt = (username: string, password: string) =>
      send(server.url, '/api/v1/auth/login', from, { method: 'POST', body: { username, password } });
    for (let i = 0; i < 3; i++) {
      const failed = await attempt('nobody', 'wrong password');
      expect(failed.status).toBe(401);
      expect(failed.headers['x-ratelimit-limit']).toBe('3');
    }
    const refused = await attempt('nobody', 'wrong password');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body.error.code).toBe('too-many-requests');
    // Another account from the same address is not locked out.
    expect((await attempt('admin', TEST_ADMIN_PASSWORD)).status).toBe(200);
  });

  it('gives made-up tokens no bucket of their own: they count against the address', async () => {
    const from = '127.0.0.7';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const forged = { authorization: `Bearer ${randomBytes(24).toString('base64url')}` };
      statuses.push((await send(server.url, '/fhir/R4/metadata', from, { headers: forged })).status);
    }
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses[5]).toBe(429);
  });
});

describe('sign-in rate limit (loginRateLimit) on a bare app', () => {
  const config = loadConfig({ HALE_DATA_DIR: '/nonexistent', HALE_LOGIN_RATE_LIMIT_MAX: '3', HALE_RATE_LIMIT_MAX: '1000' });
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    app.setErrorHandler((err, request, reply) => sendError(request, reply, err));
    await registerSecurity(app, config);
    // Stands in for the session check, which sets the acting context in the real app.
    app.addHook('onRequest', async (request) => {
      const user = request.headers['x-test-user'];
      if (typeof user === 'string')
        request.actingContext = { userId: user, roles: [], requestId: String(request.id), system: false } as ActingContext;
    });
    app.post('/api/v1/auth/login', loginRateLimit(config), async () => ({ signedIn: true }));
    app.post('/api/v1/auth/mfa/confirm', loginRateLimit(config), async () => ({ confirmed: true }));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });

  const login = (username: string, ip: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { username, password: 'wrong' } });

  it('limits one address guessing one account, with its own limit headers and a 429 in our error format', async () => {
    for (let i = 0; i < 3; i++) {
      const ok = await login('alice', '10.0.0.1');
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['x-ratelimit-limit']).toBe('3');
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(2 - i));
    }
    const refused = await login('alice', '10.0.0.1');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.json().error.code).toBe('too-many-requests');
    expect(refused.json().error.requestId).toBeTruthy();
    // The same account, case aside, is the same bucket.
    expect((await login('ALICE', '10.0.0.1')).statusCode).toBe(429);
  });

  it('does not lock out other accounts behind the same address, nor the same account elsewhere', async () => {
    for (let i = 0; i < 4; i++) await login('bob', '10.0.1.1');
    expect((await login('bob', '10.0.1.1')).statusCode).toBe(429);
    expect((await login('carol', '10.0.1.1')).statusCode).toBe(200);
    expect((await login('bob', '10.0.1.2')).statusCode).toBe(200);
  });

  it('limits one account guessed from many addresses', async () => {
    const accountMax = config.loginRateLimitMax * 5;
    const addresses = Array.from({ length: accountMax / config.loginRateLimitMax }, (_, i) => `10.0.2.${i + 1}`);
    for (const ip of addresses) {
      for (let i = 0; i < config.loginRateLimitMax; i++) expect((await login('dave', ip)).statusCode).toBe(200);
    }
    const fresh = await login('dave', '10.0.2.200');
    expect(fresh.statusCode).toBe(429);
    expect(Number(fresh.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Attempts refused by the per-address limit did not use up the account's budget for others.
    expect((await login('erin', '10.0.2.200')).statusCode).toBe(200);
  });

  it('keys an in-session check (no username in the body) by the signed-in user', async () => {
    const confirm = (user: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/mfa/confirm',
        remoteAddress: '10.0.3.1',
        headers: { 'x-test-user': user },
        payload: { code: '000000' },
      });
    for (let i = 0; i < 3; i++) expect((await confirm('user-1')).statusCode).toBe(200);
    expect((await confirm('user-1')).statusCode).toBe(429);
    expect((await confirm('user-2')).statusCode).toBe(200);
  });

  it('counts each credential route on its own', async () => {
    // 10.0.0.1 used up its sign-in attempts for alice above; the confirm route has a budget of its own.
    const confirm = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/confirm',
      remoteAddress: '10.0.0.1',
      payload: { code: '000000', username: 'alice' },
    });
    expect(confirm.statusCode).toBe(200);
    expect((await login('alice', '10.0.0.1')).statusCode).toBe(429);
  });
});
