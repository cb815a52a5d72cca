/** Search and history Bundles, with paging links built from the accepted request (never from raw input). */
import type { SearchOutcome } from '../store/search-resources.ts';
import type { HistoryEntry, StoredResource } from '../store/stored-resource.ts';
import { encodeCursor, type PageCursor } from '../search/page-cursor.ts';
import { shapeResource, shapesResources } from '../search/summary.ts';
import type { FhirRequest } from './fhir-request.ts';

function link(relation: string, url: string) {
  return { relation, url };
}

function pageUrl(base: string, params: URLSearchParams, offset: number): string {
  const p = new URLSearchParams(params);
  p.set('_offset', String(offset));
  return `${base}?${p.toString()}`;
}

function cursorUrl(base: string, params: URLSearchParams, cursor?: string): string {
  const p = new URLSearchParams(params);
  p.delete('_cursor');
  if (cursor !== undefined) p.set('_cursor', cursor);
  const qs = p.toString();
  return qs ? `${base}?${qs}` : base;
}

/**
 * Paging links. Clients that send `_offset` get offset links as before; everyone else gets
 * keyset links (`_cursor`, see page-cursor.ts), which stay correct while others write.
 * Links are built from the accepted parameters only, and a cursor holds nothing but the
 * sort values and id of a row on this page.
 */
function searchLinks(self: string, outcome: SearchOutcome): { relation: string; url: string }[] {
  const { request, total, hasMore, hasPrevious } = outcome;
  const canonical = request.canonicalParams;
  if (request.offset > 0) {
    const links = [link('self', pageUrl(self, canonical, request.offset))];
    if (request.count > 0) {
      links.push(link('first', pageUrl(self, canonical, 0)));
      links.push(link('previous', pageUrl(self, canonical, Math.max(0, request.offset - request.count))));
      if (hasMore) links.push(link('next', pageUrl(self, canonical, request.offset + request.count)));
      if (total !== undefined && total > 0) {
        links.push(link('last', pageUrl(self, canonical, Math.floor((total - 1) / request.count) * request.count)));
      }
    }
    return links;
  }
  const type = request.resourceType;
  const encode = (c: PageCursor) => encodeCursor(type, request.sort, c);
  const links = [link('self', cursorUrl(self, canonical, request.cursor))];
  if (request.count > 0 && request.summary !== 'count') {
    links.push(link('first', cursorUrl(self, canonical)));
    if (hasPrevious && outcome.firstPosition) links.push(link('previous', cursorUrl(self, canonical, encode(outcome.firstPosition))));
    if (hasMore && outcome.lastPosition) {
      links.push(link('next', cursorUrl(self, canonical, encode(outcome.lastPosition))));
      links.push(link('last', cursorUrl(self, canonical, encode({ direction: 'last', values: [], id: '' }))));
    }
  }
  return links;
}

function entryOf(
  baseUrl: string,
  s: StoredResource,
  mode: 'match' | 'include',
  shape: (r: Record<string, unknown>) => Record<string, unknown>,
) {
  return {
    fullUrl: `${baseUrl}/${s.resourceType}/${s.id}`,
    resource: shape(JSON.parse(s.json) as Record<string, unknown>),
    search: { mode },
  };
}

export function searchBundle(baseUrl: string, type: string, outcome: SearchOutcome): Record<string, unknown> {
  const { request, matches, total } = outcome;
  const self = `${baseUrl}/${type}`;
  const shaping = shapesResources(request.summary, request.elements);
  const keep = (r: Record<string, unknown>) => r;
  // _summary shapes every entry; _elements names elements of the searched type, so it shapes the matches.
  const shapeMatch = shaping ? (r: Record<string, unknown>) => shapeResource(r, request.summary, request.elements) : keep;
  const shapeIncluded =
    request.summary && shapesResources(request.summary, undefined)
      ? (r: Record<string, unknown>) => shapeResource(r, request.summary, undefined)
      : keep;
  const entry: Record<string, unknown>[] = [
    ...matches.map((s) => entryOf(baseUrl, s, 'match', shapeMatch)),
    ...(outcome.included ?? []).map((s) => entryOf(baseUrl, s, 'include', shapeIncluded)),
  ];
  // Parameters left out under `Prefer: handling=lenient`, and limits that cut the page short:
  // one OperationOutcome entry, so a client knows the results are not what it asked for.
  const issues = [
    ...request.ignored.map((i) => ({
      severity: 'warning',
      code: 'not-supported',
      diagnostics: `Ignored search parameter ${i.message}`,
      expression: [i.field],
    })),
    ...(outcome.warnings ?? []).map((w) => ({ severity: 'warning', code: 'too-costly', diagnostics: w })),
  ];
  if (issues.length) entry.push({ resource: { resourceType: 'OperationOutcome', issue: issues }, search: { mode: 'outcome' } });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total !== undefined ? { total } : {}),
    link: searchLinks(self, outcome),
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
