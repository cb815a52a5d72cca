/**
 * `Patient/[id]/$everything` and `Encounter/[id]/$everything` (GET, or POST with a
 * Parameters body): a searchset Bundle of the record, paged with `next` links. Access
 * and audit are the repository's (FhirRepository.everything).
 */
import { badRequest, methodNotAllowed, notFound } from '../../errors.ts';
import type { FhirRequest, FhirResponse } from '../rest/fhir-request.ts';
import type { FhirRepository } from '../store/repository.ts';
import { encodeEverythingCursor, parametersToQuery, parseEverythingParams } from './everything-params.ts';

export const EVERYTHING_TYPES: readonly string[] = ['Patient', 'Encounter'];

export async function everything(repo: FhirRepository, req: FhirRequest, type: string, id: string): Promise<FhirResponse> {
  if (!EVERYTHING_TYPES.includes(type)) throw notFound(`$everything is defined on Patient and Encounter, not ${type}`);
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') throw methodNotAllowed('$everything supports GET and POST');
  repo.assertId(id);
  const params = new URLSearchParams(req.query);
  if (req.method === 'POST') {
    if (req.body !== undefined && req.contentType !== undefined && !req.contentType.includes('json'))
      throw badRequest('POST $everything takes a Parameters resource (application/fhir+json)');
    for (const [k, v] of parametersToQuery(req.body)) params.append(k, v);
  }
  const { query, canonical } = parseEverythingParams(params);
  const outcome = await repo.everything(type as 'Patient' | 'Encounter', id, query);
  const self = `${req.baseUrl}/${type}/${id}/$everything`;
  const url = (after?: { type: string; id: string }) => {
    const p = new URLSearchParams(canonical);
    if (after) p.set('_cursor', encodeEverythingCursor(after));
    const qs = p.toString();
    return qs ? `${self}?${qs}` : self;
  };
  const link = [
    { relation: 'self', url: url(query.after) },
    { relation: 'first', url: url() },
    ...(outcome.next ? [{ relation: 'next', url: url(outcome.next) }] : []),
  ];
  return {
    status: 200,
    headers: {},
    body: {
      resourceType: 'Bundle',
      type: 'searchset',
      total: outcome.total,
      link,
      entry: outcome.resources.map((s) => ({
        fullUrl: `${req.baseUrl}/${s.resourceType}/${s.id}`,
        resource: JSON.parse(s.json) as unknown,
        search: { mode: 'match' },
      })),
    },
  };
}
