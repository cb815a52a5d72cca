/** A plain page at / until the web app arrives: where things are. */
import type { FastifyInstance } from 'fastify';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hale</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b2430}
code{background:#eef2f6;padding:.1rem .3rem;border-radius:4px}a{color:#0b5cad}</style></head>
<body><main><h1>Hale is running</h1>
<p>The web app is not built yet. The server is:</p>
<ul>
<li><a href="/fhir/R4/metadata">FHIR R4 API</a> at <code>/fhir/R4</code> (try <a href="/fhir/R4/Patient?_count=10">Patient?_count=10</a>)</li>
<li><a href="/health">/health</a>, <a href="/ready">/ready</a>, <a href="/metrics">/metrics</a></li>
</ul></main></body></html>`;

export function registerHomePage(app: FastifyInstance): void {
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
}
