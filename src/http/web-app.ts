/**
 * Serves the built web app (web/dist): hashed assets under /assets with a year's cache,
 * and index.html for every other page address the browser asks for (the app's router
 * owns those URLs, so a deep link or a reload works). Each index.html gets a fresh CSP
 * nonce: the page's own style tags carry it and nothing else inline may run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { CONTENT_SECURITY_POLICY } from './security-headers.ts';

export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));
/** Written into index.html by the build (web/vite.config.ts); replaced per response. */
const NONCE_PLACEHOLDER = '__HALE_CSP_NONCE__';

/** Paths that belong to the server, never to the app: an unknown one there is a 404, not the app. */
const SERVER_PREFIXES = ['/api/', '/fhir/', '/assets/', '/health', '/ready', '/metrics', '/docs'];

export interface WebApp {
  /** Sends the app's page when the request is a browser asking for a page; false otherwise. */
  servePage(request: FastifyRequest, reply: FastifyReply): boolean;
}

function policyWithNonce(nonce: string): string {
  const directives: Record<string, string[]> = { ...CONTENT_SECURITY_POLICY };
  directives['script-src'] = [...directives['script-src'], `'nonce-${nonce}'`];
  directives['style-src'] = [...directives['style-src'], `'nonce-${nonce}'`];
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

export async function registerWebApp(app: FastifyInstance, distDir = WEB_DIST_DIR): Promise<WebApp | undefined> {
  const indexFile = path.join(distDir, 'index.html');
  if (!existsSync(indexFile)) return undefined;
  const template = readFileSync(indexFile, 'utf8');

  await app.register(fastifyStatic, {
    root: path.join(distDir, 'assets'),
    prefix: '/assets/',
    // File names carry a content hash: a new build makes new names, so old ones never change.
    immutable: true,
    maxAge: '365d',
    index: false,
    wildcard: true,
  });

  return {
    servePage(request, reply) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const url = request.url.split('?')[0]!;
      if (SERVER_PREFIXES.some((p) => url === p || url.startsWith(p))) return false;
      if (!(request.headers.accept ?? '').includes('text/html')) return false;
      const nonce = randomBytes(16).toString('base64');
      reply
        .header('content-security-policy', policyWithNonce(nonce))
        // The page is tiny and names the current build's assets: always ask again.
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(template.replaceAll(NONCE_PLACEHOLDER, nonce));
      return true;
    },
  };
}
