/**
 * Response headers that protect browsers and caches: the security headers set for every
 * response, HSTS when the request came over HTTPS, and `Cache-Control: no-store` on the
 * APIs, whose answers hold health data that must not sit in shared or browser caches.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * For a single-page app served from this origin: its own scripts, styles, fonts and API
 * calls, `data:` images (QR codes for MFA set-up), nothing inline, no plugins, no framing.
 * No upgrade-insecure-requests: a plain-HTTP install on a local network would break.
 */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export const HSTS = 'max-age=31536000; includeSubDomains';

const NO_STORE_PREFIXES = ['/api/v1', '/fhir/R4'];

/**
 * Over TLS here, or behind a proxy that says it terminated TLS. The forwarded header is
 * trusted without a proxy list: a forged one only earns an HSTS header over plain HTTP,
 * which browsers ignore.
 */
export function arrivedOverHttps(request: FastifyRequest): boolean {
  if (request.protocol === 'https') return true;
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

function isApiPath(url: string): boolean {
  return NO_STORE_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`));
}

/**
 * The headers helmet sets for these options, worked out once. They depend on nothing in the
 * request, and building helmet's middleware per request (what its Fastify plugin does)
 * re-parsed the policy on every answer.
 */
function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => void (headers[name] = value),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  helmet(options)({} as IncomingMessage, response, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

export function contentSecurityPolicy(directives: Readonly<Record<string, string[]>>): string {
  const header = helmetHeaders({ contentSecurityPolicy: { useDefaults: false, directives } })['Content-Security-Policy'];
  if (!header) throw new Error('helmet set no Content-Security-Policy');
  return header;
}

const SECURITY_HEADERS = helmetHeaders({
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  // Set below, only over HTTPS.
  strictTransportSecurity: false,
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (arrivedOverHttps(request)) reply.header('Strict-Transport-Security', HSTS);
  });

  // onSend sees every answer, errors and 429s included, after the route had its say.
  app.addHook('onSend', async (request, reply, payload) => {
    if (isApiPath(request.url) && !reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
}
