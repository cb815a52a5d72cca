/**
 * The FHIR REST router: maps a FhirRequest onto the repository by the R4 RESTful API
 * rules (http://hl7.org/fhir/R4/http.html). Knows no HTTP server and no SQL.
 */
// fast-json-patch is CommonJS: Node's ESM loader sees only its default export.
import jsonPatch, { type Operation } from 'fast-json-patch';
import { HaleError, badRequest, methodNotAllowed, notFound } from '../../errors.ts';
import type { FhirRepository } from '../store/repository.ts';
import { parseEtagVersion, type FhirResource } from '../store/stored-resource.ts';
import { capabilityStatement } from './capability-statement.ts';
import { criteriaParams, findMatches, lockCriteria, manyMatches } from './conditional.ts';
import { RawJson, type FhirRequest, type FhirResponse } from './fhir-request.ts';
import { historyBundle, searchBundle } from './bundles-out.ts';
import { informationOutcome } from './operation-outcome.ts';
import { preferLenient, preferReturn, versionHeaders, writeResponse } from './response-helpers.ts';
import { processBundle } from '../bundle/process-bundle.ts';
import { everything } from '../operations/everything.ts';

export async function handleFhirRequest(repo: FhirRepository, req: FhirRequest): Promise<FhirResponse> {
  const parts = req.path
    .split('/')
    .filter((p) => p.length > 0)
    .map(decodeURIComponent);
  const [first, second, third, fourth] = parts;
  const m = req.method === 'HEAD' ? 'GET' : req.method;

  if (parts.length === 0) {
    if (m === 'POST') return processBundle(repo, req);
    throw methodNotAllowed(`${req.method} is not supported on the FHIR base; POST a batch or transaction Bundle`);
  }
  if (first === 'metadata' && parts.length === 1) {
    if (m !== 'GET') throw methodNotAllowed('metadata supports GET only');
    return { status: 200, headers: {}, body: capabilityStatement(req.baseUrl) };
  }
  if (first === '_history' && parts.length === 1) {
    if (m !== 'GET') throw methodNotAllowed('_history supports GET only');
    return history(repo, req, {});
  }
  const type = first!;
  repo.assertType(type);
  if (parts.length === 1) {
    switch (m) {
      case 'GET':
        return search(repo, req, type, req.query);
      case 'POST':
        return create(repo, req, type);
      case 'PUT':
        return conditionalUpdate(repo, req, type);
      case 'DELETE':
        return conditionalDelete(repo, req, type);
      case 'PATCH':
        return conditionalPatch(repo, req, type);
    }
  }
  if (parts.length === 2 && second === '_search') {
    if (m !== 'POST') throw methodNotAllowed('_search supports POST only');
    return search(repo, req, type, mergeSearchForm(req));
  }
  if (parts.length === 2 && second === '_history') {
    if (m !== 'GET') throw methodNotAllowed('_history supports GET only');
    return history(repo, req, { resourceType: type });
  }
  if (parts.length === 2 && second!.startsWith('$')) {
    throw new HaleError('not-implemented', `Operation ${second} is not supported on ${type}`);
  }
  const id = second!;
  if (parts.length === 2) {
    switch (m) {
      case 'GET':
        return read(repo, type, id);
      case 'PUT':
        return update(repo, req, type, id, req.body as FhirResource);
      case 'DELETE':
        return remove(repo, req, type, id);
      case 'PATCH':
        return patch(repo, req, type, id);
      default:
        throw methodNotAllowed(`${req.method} is not allowed on ${type}/${id}`);
    }
  }
  if (parts.length === 3 && third === '$everything') return everything(repo, req, type, id);
  if (parts.length === 3 && third!.startsWith('$')) {
    throw new HaleError('not-implemented', `Operation ${third} is not supported on ${type}/${id}`);
  }
  if (parts.length === 3 && third === '_history') {
    if (m !== 'GET') throw methodNotAllowed('_history supports GET only');
    repo.assertId(id);
    return history(repo, req, { resourceType: type, id });
  }
  if (parts.length === 4 && third === '_history') {
    if (m !== 'GET') throw methodNotAllowed('vread supports GET only');
    const v = await repo.vread(type, id, fourth!);
    return { status: 200, headers: versionHeaders(v), body: new RawJson(v.json) };
  }
  throw notFound(`No FHIR interaction at ${req.path}`);
}

async function read(repo: FhirRepository, type: string, id: string): Promise<FhirResponse> {
  const s = await repo.read(type, id);
  return { status: 200, headers: versionHeaders(s), body: new RawJson(s.json) };
}

function requireBody(req: FhirRequest): FhirResource {
  const b = req.body;
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw badRequest('The request needs a JSON resource body');
  return b as FhirResource;
}

async function create(repo: FhirRepository, req: FhirRequest, type: string): Promise<FhirResponse> {
  const body = requireBody(req);
  if (body.resourceType !== type) {
    throw badRequest(`The body is a ${String(body.resourceType)} but the URL names ${type}`, [
      { field: 'resourceType', message: 'does not match the URL' },
    ]);
  }
  const prefer = preferReturn(req.headers.prefer);
  const ifNoneExist = req.headers['if-none-exist'];
  if (ifNoneExist) {
    const criteria = criteriaParams(ifNoneExist);
    return repo.inTransaction(async (tx) => {
      await lockCriteria(tx, type, criteria);
      const matches = await findMatches(tx, type, criteria);
      if (matches.length > 1) throw manyMatches(type, 'create');
      if (matches.length === 1)
        return writeResponse(200, req.baseUrl, matches[0]!, prefer, 'A matching resource exists; nothing was created');
      const r = await tx.create(body);
      return writeResponse(201, req.baseUrl, r.stored, prefer, `Created ${type}/${r.stored.id}`);
    });
  }
  const r = await repo.create(body);
  return writeResponse(201, req.baseUrl, r.stored, prefer, `Created ${type}/${r.stored.id}`);
}

async function update(repo: FhirRepository, req: FhirRequest, type: string, id: string, body: FhirResource): Promise<FhirResponse> {
  requireBody(req);
  const ifMatch = ifMatchVersion(req);
  const r = await repo.update(type, id, body, ifMatch);
  const note = r.unchanged ? 'No change; no new version was written' : r.created ? `Created ${type}/${id}` : `Updated ${type}/${id}`;
  return writeResponse(r.created ? 201 : 200, req.baseUrl, r.stored, preferReturn(req.headers.prefer), note);
}

async function conditionalUpdate(repo: FhirRepository, req: FhirRequest, type: string): Promise<FhirResponse> {
  const body = requireBody(req);
  if ([...req.query.keys()].length === 0) throw methodNotAllowed(`PUT on ${type} needs an id or search criteria`);
  return repo.inTransaction(async (tx) => {
    await lockCriteria(tx, type, req.query);
    const matches = await findMatches(tx, type, req.query);
    if (matches.length > 1) throw manyMatches(type, 'update');
    if (matches.length === 1) {
      const id = matches[0]!.id;
      if (body.id !== undefined && body.id !== id) {
        throw badRequest(`The body id '${String(body.id)}' is not the id of the matching resource (${id})`, [
          { field: `${type}.id`, message: 'does not match the matching resource' },
        ]);
      }
      return update(tx, req, type, id, { ...body, id });
    }
    // No match: create, with the client's id when it gave one.
    if (body.id !== undefined) return update(tx, req, type, String(body.id), body);
    const r = await tx.create(body);
    return writeResponse(201, req.baseUrl, r.stored, preferReturn(req.headers.prefer), `Created ${type}/${r.stored.id}`);
  });
}

async function remove(repo: FhirRepository, req: FhirRequest, type: string, id: string): Promise<FhirResponse> {
  const deleted = await repo.delete(type, id, ifMatchVersion(req));
  const headers: Record<string, string> = deleted ? { ETag: `W/"${deleted.versionId}"` } : {};
  return {
    status: 200,
    headers,
    body: informationOutcome(deleted ? `Deleted ${type}/${id}` : `${type}/${id} did not exist or was already deleted`),
  };
}

async function conditionalDelete(repo: FhirRepository, req: FhirRequest, type: string): Promise<FhirResponse> {
  if ([...req.query.keys()].length === 0) throw methodNotAllowed(`DELETE on ${type} needs an id or search criteria`);
  return repo.inTransaction(async (tx) => {
    const matches = await findMatches(tx, type, req.query);
    if (matches.length > 1) throw manyMatches(type, 'delete');
    if (matches.length === 0) return { status: 200, headers: {}, body: informationOutcome(`No ${type} matched; nothing was deleted`) };
    return remove(tx, req, type, matches[0]!.id);
  });
}

async function patch(repo: FhirRepository, req: FhirRequest, type: string, id: string): Promise<FhirResponse> {
  if (req.contentType !== 'application/json-patch+json') {
    throw new HaleError('unsupported-media-type', 'PATCH needs Content-Type: application/json-patch+json (JSON Patch, RFC 6902)');
  }
  if (!Array.isArray(req.body)) throw badRequest('A JSON Patch body is an array of operations');
  const ifMatch = ifMatchVersion(req);
  return repo.inTransaction(async (tx) => {
    const current = await tx.read(type, id);
    if (ifMatch !== undefined && ifMatch !== current.versionId) {
      throw new HaleError(
        'precondition-failed',
        `Version conflict on ${type}/${id}: If-Match asked for version ${ifMatch}, the current version is ${current.versionId}`,
      );
    }
    let patched: FhirResource;
    try {
      patched = jsonPatch.applyPatch(JSON.parse(current.json), req.body as Operation[], true, false).newDocument as FhirResource;
    } catch (err) {
      // A failed "test" op or a bad path: the patch cannot apply to this version.
      const name = (err as { name?: string }).name ?? '';
      const message = (err as Error).message.split('\n')[0] ?? 'invalid patch';
      if (name === 'TEST_OPERATION_FAILED') throw new HaleError('precondition-failed', `JSON Patch test failed: ${message}`);
      throw new HaleError('invalid-resource', `The JSON Patch cannot be applied: ${message}`);
    }
    if (patched.id !== id || patched.resourceType !== type) throw badRequest('A patch may not change resourceType or id');
    const r = await tx.update(type, id, patched, current.versionId, 'PATCH');
    return writeResponse(200, req.baseUrl, r.stored, preferReturn(req.headers.prefer), `Patched ${type}/${id}`);
  });
}

async function conditionalPatch(repo: FhirRepository, req: FhirRequest, type: string): Promise<FhirResponse> {
  if ([...req.query.keys()].length === 0) throw methodNotAllowed(`PATCH on ${type} needs an id or search criteria`);
  return repo.inTransaction(async (tx) => {
    const matches = await findMatches(tx, type, req.query);
    if (matches.length === 0) throw notFound(`No ${type} matched the conditional patch criteria`);
    if (matches.length > 1) throw manyMatches(type, 'patch');
    return patch(tx, req, type, matches[0]!.id);
  });
}

async function search(repo: FhirRepository, req: FhirRequest, type: string, params: URLSearchParams): Promise<FhirResponse> {
  const outcome = await repo.search(type, params, preferLenient(req.headers.prefer));
  return { status: 200, headers: {}, body: searchBundle(req.baseUrl, type, outcome) };
}

async function history(repo: FhirRepository, req: FhirRequest, scope: { resourceType?: string; id?: string }): Promise<FhirResponse> {
  const count = intParam(req.query, '_count', 100, 0, 1000);
  const offset = intParam(req.query, '_offset', 0, 0, 10_000_000);
  const sinceRaw = req.query.get('_since') ?? undefined;
  let since: string | undefined;
  if (sinceRaw !== undefined) {
    const t = Date.parse(sinceRaw);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(sinceRaw) || Number.isNaN(t)) {
      throw badRequest('_since must be an instant with a time zone, e.g. 2024-01-31T10:00:00Z', [
        { field: '_since', message: 'not an instant' },
      ]);
    }
    since = new Date(t).toISOString();
  }
  const r = await repo.history({ ...scope, since, count, offset });
  if (scope.id && r.total === 0) throw notFound(`${scope.resourceType}/${scope.id} is not known`);
  return { status: 200, headers: {}, body: historyBundle(req, scope, r.entries, r.total, count, offset) };
}

function intParam(q: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min)
    throw badRequest(`${name} must be a whole number >= ${min}`, [{ field: name, message: 'not a whole number' }]);
  return Math.min(n, max);
}

function ifMatchVersion(req: FhirRequest): number | undefined {
  const h = req.headers['if-match'];
  if (h === undefined) return undefined;
  const v = parseEtagVersion(h);
  if (v === undefined)
    throw badRequest(`If-Match must be a version tag like W/"3": got ${h}`, [{ field: 'If-Match', message: 'not a version tag' }]);
  return v;
}

/** POST _search: the form body and the URL query together. */
function mergeSearchForm(req: FhirRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  if (req.body instanceof URLSearchParams) for (const [k, v] of req.body) params.append(k, v);
  else if (typeof req.body === 'string') for (const [k, v] of new URLSearchParams(req.body)) params.append(k, v);
  return params;
}
