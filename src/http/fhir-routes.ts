/**
 * The /fhir/R4 face: adapts HTTP to the FHIR router once. Content negotiation:
 * JSON only (application/fhir+json, application/json, _format=json); XML gets 406.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HaleError } from '../errors.ts';
import type { Database } from '../db/types.ts';
import { FhirRepository } from '../fhir/store/repository.ts';
import { handleFhirRequest } from '../fhir/rest/fhir-router.ts';
import { RawJson, type FhirMethod, type FhirRequest } from '../fhir/rest/fhir-request.ts';
import { actingContextFor } from './acting-context-from-request.ts';
import type { StoreGuard } from '../fhir/store/store-guard.ts';
import { setLocalFhirBases } from '../fhir/search/local-base.ts';

export const FHIR_BASE_PATH = '/fhir/R4';
const FHIR_JSON = 'application/fhir+json; charset=utf-8';

function wantsXmlOnly(request: FastifyRequest): boolean {
  const format = (request.query as Record<string, unknown>)._format;
  if (typeof format === 'string') {
    const f = format.toLowerCase();
    if (f === 'json' || f.includes('json')) return false;
    if (f === 'xml' || f.includes('xml') || f === 'ttl' || f.includes('turtle')) return true;
    throw new HaleError('not-acceptable', `_format=${format} is not supported; use json`);
  }
  const accept = (request.headers.accept ?? '').toLowerCase();
  if (!accept) return false;
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim());
  const json = types.some((t) => t.includes('json') || t === '*/*' || t === 'application/*');
  const xml = types.some((t) => t.includes('xml'));
  if (!json && xml) return true;
  if (!json && !types.some((t) => t.startsWith('text/html'))) {
    throw new HaleError('not-acceptable', `Cannot answer with ${accept}; this server speaks application/fhir+json`);
  }
  return false;
}

export function baseUrlFor(request: FastifyRequest, configured?: string): string {
  if (configured) return `${configured}${FHIR_BASE_PATH}`;
  return `${request.protocol}://${request.host}${FHIR_BASE_PATH}`;
}

export function registerFhirRoutes(app: FastifyInstance, db: Database, configuredBaseUrl: string | undefined, guard: StoreGuard): void {
  // Absolute references to this server's own base are indexed and searched as local ones.
  setLocalFhirBases(configuredBaseUrl ? [`${configuredBaseUrl}${FHIR_BASE_PATH}`] : []);
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (wantsXmlOnly(request)) {
      throw new HaleError('not-acceptable', 'This server speaks FHIR JSON only (application/fhir+json); XML is not supported');
    }
    const url = request.url;
    const qIndex = url.indexOf('?');
    const path = (qIndex >= 0 ? url.slice(0, qIndex) : url).slice(FHIR_BASE_PATH.length).replace(/^\/+/, '');
    const query = new URLSearchParams(qIndex >= 0 ? url.slice(qIndex + 1) : '');
    query.delete('_format');
    const fhirReq: FhirRequest = {
      method: request.method as FhirMethod,
      path,
      query,
      headers: request.headers as Record<string, string | undefined>,
      body: request.body,
      contentType: request.headers['content-type']?.split(';')[0]?.trim().toLowerCase(),
      baseUrl: baseUrlFor(request, configuredBaseUrl),
    };
    const repo = new FhirRepository(db, actingContextFor(request), guard);
    const res = await handleFhirRequest(repo, fhirReq);
    reply.status(res.status);
    for (const [k, v] of Object.entries(res.headers)) reply.header(k, v);
    if (res.body === undefined) return reply.send();
    reply.type(FHIR_JSON);
    return reply.send(res.body instanceof RawJson ? res.body.text : JSON.stringify(res.body));
  };
  for (const url of [FHIR_BASE_PATH, `${FHIR_BASE_PATH}/`, `${FHIR_BASE_PATH}/*`]) {
    app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url, handler });
  }
}
