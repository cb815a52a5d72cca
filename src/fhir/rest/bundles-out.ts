/** Search and history Bundles, with paging links built from the request (never from raw input). */
import type { SearchOutcome } from '../store/search-resources.ts';
import type { HistoryEntry } from '../store/stored-resource.ts';
import type { FhirRequest } from './fhir-request.ts';

function link(relation: string, url: string) {
  return { relation, url };
}

function pageUrl(base: string, params: URLSearchParams, offset: number): string {
  const p = new URLSearchParams(params);
  p.set('_offset', String(offset));
  return `${base}?${p.toString()}`;
}

export function searchBundle(baseUrl: string, type: string, outcome: SearchOutcome): Record<string, unknown> {
  const { request, matches, total, hasMore } = outcome;
  const self = `${baseUrl}/${type}`;
  const canonical = request.canonicalParams;
  const links = [link('self', pageUrl(self, canonical, request.offset))];
  if (request.count > 0) {
    links.push(link('first', pageUrl(self, canonical, 0)));
    if (request.offset > 0) links.push(link('previous', pageUrl(self, canonical, Math.max(0, request.offset - request.count))));
    if (hasMore) links.push(link('next', pageUrl(self, canonical, request.offset + request.count)));
    if (total !== undefined && total > 0) {
      links.push(link('last', pageUrl(self, canonical, Math.floor((total - 1) / request.count) * request.count)));
    }
  }
  const entry = matches.map((s) => ({
    fullUrl: `${baseUrl}/${s.resourceType}/${s.id}`,
    resource: JSON.parse(s.json) as unknown,
    search: { mode: 'match' },
  }));
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total !== undefined ? { total } : {}),
    link: links,
    entry,
  };
}

export function historyBundle(
  req: FhirRequest,
  scope: { resourceType?: string; id?: string },
  entries: HistoryEntry[],
  total: number,
  count: number,
  offset: number,
): Record<string, unknown> {
  const path = [scope.resourceType, scope.id, '_history'].filter(Boolean).join('/');
  const self = `${req.baseUrl}/${path}`;
  const params = new URLSearchParams();
  if (req.query.get('_since')) params.set('_since', req.query.get('_since')!);
  params.set('_count', String(count));
  const links = [link('self', pageUrl(self, params, offset))];
  if (count > 0) {
    links.push(link('first', pageUrl(self, params, 0)));
    if (offset > 0) links.push(link('previous', pageUrl(self, params, Math.max(0, offset - count))));
    if (offset + count < total) links.push(link('next', pageUrl(self, params, offset + count)));
    if (total > 0) links.push(link('last', pageUrl(self, params, Math.floor((total - 1) / count) * count)));
  }
  return {
    resourceType: 'Bundle',
    type: 'history',
    total,
    link: links,
    entry: entries.map((h) => {
      const url = `${h.resourceType}/${h.id}`;
      const e: Record<string, unknown> = { fullUrl: `${req.baseUrl}/${url}` };
      if (!h.deleted) e.resource = JSON.parse(h.json) as unknown;
      e.request = { method: h.method === 'PATCH' ? 'PATCH' : h.method, url: h.method === 'POST' ? h.resourceType : url };
      e.response = {
        status: h.deleted ? '204 No Content' : h.method === 'POST' || h.versionId === 1 ? '201 Created' : '200 OK',
        etag: `W/"${h.versionId}"`,
        lastModified: h.lastUpdated,
      };
      return e;
    }),
  };
}
