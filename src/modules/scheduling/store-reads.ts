/**
 * Reads through the caller's repository (policy and audit in the store) that scheduling
 * needs again and again: a resource that may not exist, a search's resources, a Location's
 * time zone.
 */
import type { Resource } from '@medplum/fhirtypes';
import { HaleError } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { FhirResource } from '../../fhir/store/stored-resource.ts';
import { TIMEZONE_EXTENSION } from './fhir-terms.ts';
import type { FieldErrors } from './field-errors.ts';
import { isTimeZone } from './zoned-time.ts';

/** The resource, or undefined when it does not exist, was deleted, or no id is given. Access denials still throw. */
export async function readIfExists<T extends Resource>(
  repo: FhirRepository,
  type: T['resourceType'],
  id: string | undefined,
): Promise<T | undefined> {
  if (id === undefined) return undefined;
  try {
    return JSON.parse((await repo.read(type, id)).json) as T;
  } catch (err) {
    if (err instanceof HaleError && (err.code === 'not-found' || err.code === 'gone')) return undefined;
    throw err;
  }
}

/** The resource, or a field error ('is not a known Practitioner') and undefined. */
export async function readForField<T extends Resource>(
  repo: FhirRepository,
  type: T['resourceType'],
  id: string | undefined,
  field: string,
  errors: FieldErrors,
): Promise<T | undefined> {
  if (id === undefined) return undefined;
  const found = await readIfExists<T>(repo, type, id);
  if (!found) errors.add(field, `is not a known ${type} (${type}/${id})`);
  return found;
}

/** Every match of a search (up to `max`), as resources. */
export async function searchAll<T extends Resource>(
  repo: FhirRepository,
  type: T['resourceType'],
  params: Record<string, string | string[]>,
  max = 1000,
): Promise<T[]> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
  q.set('_count', String(max));
  const outcome = await repo.search(type, q, false);
  return outcome.matches.map((m) => JSON.parse(m.json) as T);
}

/** A Location's IANA zone (its timezone extension), if it has a valid one. */
export function locationTimeZone(location: { extension?: { url?: string; valueCode?: string }[] } | undefined): string | undefined {
  const tz = location?.extension?.find((e) => e.url === TIMEZONE_EXTENSION)?.valueCode;
  return tz && isTimeZone(tz) ? tz : undefined;
}

/** A typed resource as the store's write methods take it. */
export function asResource(r: Resource): FhirResource {
  return r as unknown as FhirResource;
}
