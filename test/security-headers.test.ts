/**
 * Security headers, HSTS over HTTPS only, CORS allow-list, and no caching of API answers:
 * on a real server with one allowed origin, and on a bare app for the defaults.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.ts';
import { registerSecurity } from '../src/http/security.ts';
import { registerHomePage } from '../src/http/home-page.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const ALLOWED = 'https://app.example.org';
const OTHER = 'https://elsewhere.example.com';

describe('security headers and CORS on a real server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ HALE_CORS_ORIGINS: `${ALLOWED}/` });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sends the security headers, with a policy for a same-origin single-page app and nothing inline', async () => {
    const res = await fetch(`${server.url}/fhir/R4/metadata`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(csp.split(';').map((d) => [d.trim().split(' ')[0], d.trim().split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:']);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('sends HSTS only when the request came over HTTPS (directly or via the proxy header)', async () => {
    const plain = await fetch(`${server.url}/health`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const proxied = await fetch(`${server.url}/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('marks FHIR and API answers no-store, reads and errors alike, but not the probes', async () => {
    const created = await server.fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Cache', given: ['Nora'] }] });
    expect(created.status).toBe(201);
    const read = await server.fhir('GET', `Patient/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('no-store');
    const search = await server.fhir('GET', 'Patient?family=Cache');
    expect(search.status).toBe(200);
    expect(search.headers.get('cache-control')).toBe('no-store');
    const missing = await server.fhir('GET', 'Patient/does-not-exist');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
    const api = await fetch(`${server.url}/api/v1/auth/me`);
    expect(api.status).toBe(401);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${server.url}/health`)).headers.get('cache-control')).toBeNull();
  });

  it('answers a preflight from an allowed origin, with credentials and the headers a client needs', async () => {
    const res = await fetch(`${server.url}/fhir/R4/Patient`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('lets an allowed origin read the response headers it needs', async () => {
    const res = await fetch(`${server.url}/fhir/R4/metadata`, { headers: { origin: ALLOWED } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim().toLowerCase());
    for (const header of [
      'etag',
      'location',
      'content-location',
      'last-modified',
      'x-request-id',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ]) {
      expect(exposed, header).toContain(header);
    }
  });

  it('gives another origin no CORS headers, for a preflight or a request', async () => {
    const preflight = await fetch(`${server.url}/fhir/R4/Patient`, {
      method: 'OPTIONS',
      headers: { origin: OTHER, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).not.toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const res = await fetch(`${server.url}/fhir/R4/metadata`, { headers: { origin: OTHER } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('defaults on a bare app', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    await registerSecurity(app, loadConfig({ HALE_DATA_DIR: '/nonexistent' }));
    app.get('/api/v1/cacheable', async (_request, reply) => reply.header('Cache-Control', 'private, max-age=60').send({ ok: true }));
    app.get('/api/v1/plain', async () => ({ ok: true }));
    registerHomePage(app);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('allows no cross-origin caller when no origin is configured', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/plain',
      headers: { origin: ALLOWED, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const res = await app.inject({ method: 'GET', url: '/api/v1/plain', headers: { origin: ALLOWED } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets the plain home page (no web app built) have its one inline style by hash, and nothing else inline', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    const policies = [res.headers['content-security-policy']].flat();
    expect(policies).toHaveLength(1);
    const styleSrc = String(policies[0])
      .split(';')
      .find((d) => d.startsWith('style-src'));
    const style = /<style>([^<]*)<\/style>/.exec(res.body)![1]!;
    const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    expect(styleSrc).toBe(`style-src 'self' ${hash}`);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(String(policies[0])).toContain("script-src 'self'");
  });

  it('keeps a Cache-Control a route chose, and adds no-store otherwise', async () => {
    expect((await app.inject({ url: '/api/v1/cacheable' })).headers['cache-control']).toBe('private, max-age=60');
    expect((await app.inject({ url: '/api/v1/plain' })).headers['cache-control']).toBe('no-store');
  });
});
