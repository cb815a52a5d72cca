/**
 * The web app served by the server: any page address gives the app's page with a fresh
 * CSP nonce, assets come with a year's cache, server paths still answer 404 in their own
 * format, and a session that still owes a step (MFA set-up) can load the screens for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebAppBuilt } from '../src/ops/build-web-app.ts';
import { TEST_ADMIN_PASSWORD, startTestServer, type TestServer } from './support/test-server.ts';

describe('the web app on the server', () => {
  let server: TestServer;

  beforeAll(async () => {
    // npm install builds it; a checkout that skipped that gets it built here, as npm start would.
    await ensureWebAppBuilt({ info: () => undefined, warn: (m) => console.warn(m) });
    server = await startTestServer({ HALE_MFA_REQUIRED_ROLES: 'admin' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const page = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers: { accept: 'text/html', ...headers } });

  it('answers every page address with the app, each time with its own nonce in the policy and the page', async () => {
    const [a, b] = [await page('/patients/123/history'), await page('/')];
    for (const res of [a, b]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
    const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];
    const [csp, html] = [a.headers.get('content-security-policy') ?? '', await a.text()];
    const nonce = nonceOf(csp)!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(nonceOf(b.headers.get('content-security-policy'))).not.toBe(nonce);
    await b.text();
    expect(csp).toMatch(new RegExp(`script-src 'self' 'nonce-${nonce.replace(/[+/=]/g, '\\$&')}'`));
    expect(csp).not.toContain('unsafe-inline');
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).not.toContain('__HALE_CSP_NONCE__');
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[^"]+\.js"/);
  });

  it('serves the hashed assets with a year of cache, and the app script is JavaScript', async () => {
    const html = await (await page('/')).text();
    const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)![1];
    const res = await fetch(`${server.url}${script}`);
    expect(res.status).toBe(200);
    // Read every body: a response left unread keeps its connection busy and the server's close waiting.
    expect((await res.text()).length).toBeGreaterThan(1000);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const missing = await fetch(`${server.url}/assets/no-such-file.js`);
    expect(missing.status).toBe(404);
    await missing.text();
  });

  it('keeps server paths as they were: API addresses answer in JSON even for a browser', async () => {
    // Without a session the API says so (deny by default), in its own format, never with the page.
    const api = await page('/api/v1/no-such-route');
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toContain('application/json');
    await api.text();
    const fhir = await page('/fhir/R4/NoSuchType');
    expect(fhir.status).toBeGreaterThanOrEqual(400);
    expect(fhir.headers.get('content-type')).not.toContain('text/html');
    await fhir.text();
    // A script asking for JSON at a page address gets the JSON 404, not the page.
    const json = await fetch(`${server.url}/patients`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    await json.text();
  });

  it('lets a session that must still set up MFA load the app and its screens', async () => {
    // The admin of a fresh server must set up MFA first: its cookie must not block the app's files.
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD, session: 'cookie' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { scope: string }).scope).toBe('mfa-setup');
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const html = await (await page('/', { cookie })).text();
    const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)![1];
    const asset = await fetch(`${server.url}${script}`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    await asset.text();
    // The API itself still holds the session to its one step.
    const api = await fetch(`${server.url}/fhir/R4/Patient`, { headers: { cookie } });
    expect(api.status).toBe(403);
    await api.text();
  });
});
