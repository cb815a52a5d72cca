/**
 * batch and transaction Bundles (http://hl7.org/fhir/R4/http.html#transaction).
 * A transaction runs in one database transaction: all entries or none. Entries are
 * processed in the order the spec gives (DELETE, POST, PUT/PATCH, GET/HEAD) and answered
 * in the order they came. A batch runs each entry on its own and reports each outcome.
 */
import { newResourceId } from '../store/new-resource-id.ts';
import { HaleError, badRequest, isHaleError } from '../../errors.ts';
import type { FhirRepository } from '../store/repository.ts';
import type { FhirResource } from '../store/stored-resource.ts';
import { type FhirMethod, type FhirRequest, type FhirResponse } from '../rest/fhir-request.ts';
import { outcomeFromError } from '../rest/operation-outcome.ts';
import { handleFhirRequest } from '../rest/fhir-router.ts';
import { criteriaParams, findMatches, lockCriteria } from '../rest/conditional.ts';
import { preferReturn } from '../rest/response-helpers.ts';
import { conditionalReferences, resolveConditionalReferences, withReferencesRewritten } from './reference-rewrite.ts';
import { statusLine, toResponseEntry } from './response-entry.ts';
import type { BatchItem } from '../store/write-batch.ts';
import { parseEtagVersion } from '../store/stored-resource.ts';

interface BundleEntry {
  fullUrl?: string;
  resource?: FhirResource;
  request?: { method?: string; url?: string; ifNoneMatch?: string; ifModifiedSince?: string; ifMatch?: string; ifNoneExist?: string };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };

export async function processBundle(repo: FhirRepository, req: FhirRequest): Promise<FhirResponse> {
  const bundle = req.body as { resourceType?: string; type?: string; entry?: BundleEntry[] } | undefined;
  if (!bundle || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') {
    throw badRequest('POST to the FHIR base needs a Bundle of type batch or transaction');
  }
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    throw badRequest(`Bundle.type must be batch or transaction, not ${JSON.stringify(bundle.type)}`, [
      { field: 'Bundle.type', message: 'must be batch or transaction' },
    ]);
  }
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  entries.forEach((e, i) => checkEntry(e, i));
  if (bundle.type === 'transaction') return processTransaction(repo, req, entries);
  return processBatch(repo, req, entries);
}

function checkEntry(e: BundleEntry, i: number): void {
  const at = `Bundle.entry[${i}]`;
  const method = e.request?.method;
  if (!method || !METHODS.has(method)) {
    throw badRequest(`${at}.request.method must be one of GET, HEAD, POST, PUT, PATCH, DELETE`, [
      { field: `${at}.request.method`, message: 'missing or unknown' },
    ]);
  }
  if (typeof e.request?.url !== 'string' || e.request.url.length === 0) {
    throw badRequest(`${at}.request.url is required`, [{ field: `${at}.request.url`, message: 'missing' }]);
  }
  if ((method === 'POST' || method === 'PUT') && (!e.resource || typeof e.resource !== 'object')) {
    throw badRequest(`${at}.resource is required for ${method}`, [{ field: `${at}.resource`, message: 'missing' }]);
  }
}

/** Builds the sub-request an entry stands for. */
function entryRequest(req: FhirRequest, e: BundleEntry, body?: unknown): FhirRequest {
  const url = e.request!.url!.replace(/^\//, '');
  const rel = url.startsWith(req.baseUrl + '/') ? url.slice(req.baseUrl.length + 1) : url;
  const q = rel.indexOf('?');
  const headers: Record<string, string | undefined> = { prefer: req.headers.prefer };
  if (e.request?.ifMatch) headers['if-match'] = e.request.ifMatch;
  if (e.request?.ifNoneExist) headers['if-none-exist'] = e.request.ifNoneExist;
  const method = e.request!.method as FhirMethod;
  return {
    method,
    path: q >= 0 ? rel.slice(0, q) : rel,
    query: new URLSearchParams(q >= 0 ? rel.slice(q + 1) : ''),
    headers,
    body: body ?? e.resource,
    contentType: method === 'PATCH' ? patchContentType(e) : 'application/fhir+json',
    baseUrl: req.baseUrl,
  };
}

/** In a Bundle, a PATCH entry carries a Binary with the JSON Patch as base64 data. */
function patchContentType(e: BundleEntry): string {
  const r = e.resource as { resourceType?: string; contentType?: string } | undefined;
  return r?.resourceType === 'Binary' ? (r.contentType ?? 'application/json-patch+json') : 'application/fhir+json';
}

function patchBody(e: BundleEntry): unknown {
  const r = e.resource as { resourceType?: string; data?: string } | undefined;
  if (r?.resourceType === 'Binary' && typeof r.data === 'string') {
    return JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')) as unknown;
  }
  return e.resource;
}

async function processTransaction(repo: FhirRepository, req: FhirRequest, entries: BundleEntry[]): Promise<FhirResponse> {
  const order = entries
    .map((_, i) => i)
    .sort((a, b) => ORDER[entries[a]!.request!.method!]! - ORDER[entries[b]!.request!.method!]! || a - b);
  const prefer = preferReturn(req.headers.prefer);
  const original = entries;
  const responses = await repo.inTransaction(async (tx) => {
    // Steps 1 and 2 only read the entries as they came; step 3 works on copies with the
    // references rewritten: a transaction retried after a serialization failure starts again
    // from the entries as they came.
    // 1. Give every POST its id now (or find its ifNoneExist match), so references can be rewritten.
    const idMap = new Map<string, string>();
    const postTarget = new Map<number, { id: string; existing: boolean }>();
    for (const [i, e] of original.entries()) {
      const method = e.request!.method!;
      const type = e.resource?.resourceType;
      if (method === 'POST' && typeof type === 'string') {
        tx.assertType(type);
        let target: { id: string; existing: boolean } = { id: newResourceId(), existing: false };
        if (e.request!.ifNoneExist) {
          const criteria = criteriaParams(e.request!.ifNoneExist);
          await lockCriteria(tx, type, criteria);
          const matches = await atEntry(i, () => findMatches(tx, type, criteria));
          if (matches.length > 1) throw entryError(i, new HaleError('precondition-failed', `ifNoneExist matches more than one ${type}`));
          if (matches.length === 1) target = { id: matches[0]!.id, existing: true };
        }
        postTarget.set(i, target);
        if (e.fullUrl) idMap.set(e.fullUrl, `${type}/${target.id}`);
      } else if (method === 'PUT' && e.fullUrl && typeof type === 'string') {
        const path = e.request!.url!.split('?')[0]!;
        if (/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(path)) idMap.set(e.fullUrl, path);
      }
    }
    // 2. Resolve conditional references once each, then rewrite all references.
    const resources = original.map((e) => e.resource).filter((r): r is FhirResource => !!r && typeof r === 'object');
    const conditional = await resolveConditionalReferences(tx, conditionalReferences(resources));
    for (const [k, v] of conditional) idMap.set(k, v);
    const entries = original.map((e) => ({
      ...e,
      ...(e.request ? { request: { ...e.request } } : {}),
      ...(e.resource && typeof e.resource === 'object' ? { resource: withReferencesRewritten(e.resource, idMap) } : {}),
    }));

    // 3. Run the entries in the spec's order. New POSTs and PUTs by id are written in
    //    batches (one statement per table); everything else entry by entry.
    const out: Record<string, unknown>[] = new Array(entries.length);
    const batchable = (i: number) => {
      const e = entries[i]!;
      const method = e.request!.method!;
      if (method === 'POST') return !postTarget.get(i)!.existing;
      return method === 'PUT' && SIMPLE_PATH.test(e.request!.url!);
    };
    let k = 0;
    while (k < order.length) {
      const i = order[k]!;
      const method = entries[i]!.request!.method!;
      if (batchable(i)) {
        // Collect the run of batchable entries of the same method (POST, then PUT).
        const run: number[] = [];
        const seen = new Set<string>();
        while (k < order.length && batchable(order[k]!) && entries[order[k]!]!.request!.method === method) {
          const j = order[k]!;
          const key = batchKey(entries[j]!, postTarget.get(j));
          if (seen.has(key)) break; // the same resource twice: the second waits for the next run
          seen.add(key);
          run.push(j);
          k++;
        }
        const items: BatchItem[] = run.map((j) => batchItem(entries[j]!, j, postTarget.get(j)));
        const results = await atBatch(run, () => tx.writeMany(items));
        run.forEach((j, n) => {
          const r = results[n]!;
          out[j] = toResponseEntry(req.baseUrl, { status: r.created ? 201 : 200, headers: {}, body: undefined }, r.stored, prefer);
        });
        continue;
      }
      k++;
      const e = entries[i]!;
      const target = postTarget.get(i);
      if (method === 'POST' && target?.existing) {
        const s = await tx.read(e.resource!.resourceType, target.id);
        out[i] = toResponseEntry(req.baseUrl, { status: 200, headers: {}, body: undefined }, s, prefer);
        continue;
      }
      const sub = entryRequest(req, e, method === 'PATCH' ? patchBody(e) : undefined);
      const res = await atEntry(i, () => handleFhirRequest(tx, sub));
      out[i] = toResponseEntry(req.baseUrl, res, undefined, method === 'GET' || method === 'HEAD' ? 'representation' : prefer);
    }
    return out;
  });
  return { status: 200, headers: {}, body: { resourceType: 'Bundle', type: 'transaction-response', entry: responses } };
}

async function processBatch(repo: FhirRepository, req: FhirRequest, entries: BundleEntry[]): Promise<FhirResponse> {
  const prefer = preferReturn(req.headers.prefer);
  const out: Record<string, unknown>[] = [];
  for (const e of entries) {
    try {
      // Each entry is its own unit: resolve its conditional references, then run it.
      const res = await repo.inTransaction(async (tx) => {
        const entry = e.resource
          ? {
              ...e,
              resource: withReferencesRewritten(e.resource, await resolveConditionalReferences(tx, conditionalReferences([e.resource]))),
            }
          : e;
        const method = entry.request!.method!;
        return handleFhirRequest(tx, entryRequest(req, entry, method === 'PATCH' ? patchBody(entry) : undefined));
      });
      out.push(toResponseEntry(req.baseUrl, res, undefined, e.request!.method === 'GET' ? 'representation' : prefer));
    } catch (err) {
      if (!isHaleError(err)) throw err;
      out.push({ response: { status: statusLine(err), outcome: outcomeFromError(err) } });
    }
  }
  return { status: 200, headers: {}, body: { resourceType: 'Bundle', type: 'batch-response', entry: out } };
}

const SIMPLE_PATH = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

function batchKey(e: BundleEntry, target: { id: string } | undefined): string {
  return target ? `${e.resource!.resourceType}/${target.id}` : e.request!.url!;
}

function batchItem(e: BundleEntry, i: number, target: { id: string } | undefined): BatchItem {
  const resource = e.resource!;
  if (target) return { resourceType: resource.resourceType, id: target.id, resource: { ...resource, id: target.id }, method: 'POST' };
  const [type, id] = e.request!.url!.split('/') as [string, string];
  if (resource.resourceType !== type) {
    throw entryError(i, badRequest(`The resource is a ${String(resource.resourceType)} but the URL names ${type}`));
  }
  if (resource.id !== id) {
    throw entryError(
      i,
      badRequest(`The resource id '${String(resource.id)}' does not match the URL id '${id}'`, [
        { field: `${type}.id`, message: 'must equal the id in request.url' },
      ]),
    );
  }
  const ifMatch = e.request!.ifMatch !== undefined ? parseEtagVersion(e.request!.ifMatch) : undefined;
  if (e.request!.ifMatch !== undefined && ifMatch === undefined)
    throw entryError(i, badRequest(`ifMatch must be a version tag like W/"3"`));
  return { resourceType: type, id, resource, method: 'PUT', ifMatch };
}

/** A batch write failed: find which entry, so the error names it. */
async function atBatch<T>(run: number[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const index = (err as { batchIndex?: number }).batchIndex;
    throw entryError(index !== undefined ? run[index]! : run[0]!, err);
  }
}

async function atEntry<T>(i: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw entryError(i, err);
  }
}

/** Names the failing entry, so a rejected transaction says which entry and why. */
function entryError(i: number, err: unknown): unknown {
  if (!isHaleError(err)) return err;
  const prefix = `Bundle.entry[${i}]`;
  const details = err.details.length
    ? err.details.map((d) => ({
        ...d,
        field: d.field ? `${prefix}.resource.${d.field.replace(/^[A-Z][A-Za-z]+\.?/, '')}`.replace(/\.$/, '') : prefix,
      }))
    : [{ field: prefix, message: err.message }];
  return new HaleError(err.code, `${prefix}: ${err.message}`, details, err.headers);
}
