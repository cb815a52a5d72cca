/** Small helpers over /fhir/R4 for screens that list resources. */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { api } from './http.ts';

export interface SearchResult<T extends Resource> {
  matches: T[];
  /** Resources brought by _include/_revinclude, by "Type/id". */
  included: Map<string, Resource>;
  total?: number;
  next?: string;
}

export async function fhirSearch<T extends Resource>(
  resourceType: T['resourceType'],
  params: Record<string, string | string[]>,
  signal?: AbortSignal,
): Promise<SearchResult<T>> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) query.append(k, one);
  const bundle = await api<Bundle>(`/fhir/R4/${resourceType}?${query}`, { signal, headers: { accept: 'application/fhir+json' } });
  const matches: T[] = [];
  const included = new Map<string, Resource>();
  for (const entry of bundle.entry ?? []) {
    if (!entry.resource) continue;
    if (entry.search?.mode === 'include') included.set(`${entry.resource.resourceType}/${entry.resource.id}`, entry.resource);
    else if (entry.resource.resourceType === resourceType) matches.push(entry.resource as T);
  }
  return { matches, included, total: bundle.total, next: bundle.link?.find((l) => l.relation === 'next')?.url };
}

export const fhirRead = <T extends Resource>(resourceType: T['resourceType'], id: string, signal?: AbortSignal) =>
  api<T>(`/fhir/R4/${resourceType}/${encodeURIComponent(id)}`, { signal, headers: { accept: 'application/fhir+json' } });

/** Today in the browser's zone, as a FHIR date. */
export function todayDate(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
