/** A plain page at / when the web app is not built (installed without dev packages): where things are. */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from './security-headers.ts';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b2430}
code{background:#eef2f6;padding:.1rem .3rem;border-radius:4px}a{color:#0b5cad}`;

// The page's one inline style is allowed by its hash; no other inline code runs.
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

const PAGE_POLICY = contentSecurityPolicy({ ...CONTENT_SECURITY_POLICY, 'style-src': ["'self'", STYLE_HASH] });

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hale</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body><main><h1>Hale is running</h1>
<p>The web app is not built (run <code>npm run build:web</code>). Sign in through the API (<code>POST /api/v1/auth/login</code>); the server offers:</p>
<ul>
<li><a href="/fhir/R4/metadata">FHIR R4 API</a> at <code>/fhir/R4</code></li>
<li><a href="/health">/health</a>, <a href="/ready">/ready</a>, <a href="/metrics">/metrics</a></li>
</ul></main></body></html>`;

export function registerHomePage(app: FastifyInstance): void {
  app.get('/', async (_request, reply) => reply.header('Content-Security-Policy', PAGE_POLICY).type('text/html; charset=utf-8').send(PAGE));
}
