/**
 * Conditional create/update/delete: find the matches of the client's search criteria
 * and act by the spec's rules for 0, 1 and many. A transaction-scoped advisory lock on
 * the criteria makes two concurrent conditional creates of the same thing create one.
 */
import { HaleError, badRequest } from '../../errors.ts';
import type { FhirRepository } from '../store/repository.ts';
import type { StoredResource } from '../store/stored-resource.ts';

export function criteriaParams(criteria: string): URLSearchParams {
  const q = criteria.startsWith('?') ? criteria.slice(1) : criteria;
  const params = new URLSearchParams(q);
  if ([...params.keys()].length === 0) throw badRequest('Conditional criteria must not be empty');
  return params;
}

/** Up to two matches: enough to tell none, one and many apart. */
export async function findMatches(repo: FhirRepository, resourceType: string, criteria: URLSearchParams): Promise<StoredResource[]> {
  const params = new URLSearchParams(criteria);
  for (const k of ['_count', '_offset', '_sort', '_total', '_summary', '_elements', '_include', '_revinclude', '_format']) params.delete(k);
  params.set('_count', '2');
  params.set('_total', 'none');
  const outcome = await repo.search(resourceType, params, false);
  return outcome.matches;
}

export async function lockCriteria(repo: FhirRepository, resourceType: string, criteria: URLSearchParams): Promise<void> {
  const key = `${resourceType}?${[...criteria.entries()]
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('&')}`;
  await repo.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

export function manyMatches(resourceType: string, what: string): HaleError {
  return new HaleError('precondition-failed', `The conditional ${what} criteria match more than one ${resourceType}; be more specific.`);
}
