/**
 * Small typed helpers over the store for this module: reads and searches come back as
 * parsed resources. Every call still goes through the repository, so the caller's access
 * policy and the audit apply as for any FHIR read or search.
 */
import { isDeepStrictEqual } from 'node:util';
import type { HumanName, Patient, Resource } from '@medplum/fhirtypes';
import { HaleError, type ErrorCode } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { FhirResource } from '../../fhir/store/stored-resource.ts';

export type WithId<T> = T & { id: string };

export function isError(err: unknown, ...codes: ErrorCode[]): err is HaleError {
  return err instanceof HaleError && codes.includes(err.code);
}

export async function readResource<T extends Resource>(repo: FhirRepository, type: T['resourceType'], id: string): Promise<WithId<T>> {
  return JSON.parse((await repo.read(type, id)).json) as WithId<T>;
}

/** A read where "not there" is an answer (undefined), not an error. */
export async function readIfExists<T extends Resource>(
  repo: FhirRepository,
  type: T['resourceType'],
  id: string,
): Promise<WithId<T> | undefined> {
  try {
    return await readResource<T>(repo, type, id);
  } catch (err) {
    if (isError(err, 'not-found', 'gone')) return undefined;
    throw err;
  }
}

export async function searchResources<T extends Resource>(
  repo: FhirRepository,
  type: T['resourceType'],
  params: Record<string, string>,
): Promise<WithId<T>[]> {
  const outcome = await repo.search(type, new URLSearchParams(params), false);
  return outcome.matches.map((m) => JSON.parse(m.json) as WithId<T>);
}

/** A search of a type known only at run time (the types that reference a patient). */
export async function searchAny(
  repo: FhirRepository,
  type: string,
  params: Record<string, string>,
): Promise<(FhirResource & { id: string })[]> {
  const outcome = await repo.search(type, new URLSearchParams(params), false);
  return outcome.matches.map((m) => JSON.parse(m.json) as FhirResource & { id: string });
}

export async function readAny(repo: FhirRepository, type: string, id: string): Promise<FhirResource & { id: string }> {
  return JSON.parse((await repo.read(type, id)).json) as FhirResource & { id: string };
}

/** A typed FHIR resource as the store's write calls take it. */
export function asStored(r: Resource): FhirResource {
  return r as unknown as FhirResource;
}

/** Equal apart from the server's meta: an item that would write nothing is left out of a batch (and needs no write permission). */
export function sameResource(a: FhirResource | Resource, b: FhirResource | Resource): boolean {
  const strip = (r: FhirResource | Resource) => {
    const { meta: _m, ...rest } = JSON.parse(JSON.stringify(r)) as FhirResource;
    return rest;
  };
  return isDeepStrictEqual(strip(a), strip(b));
}

/** True when the record says the patient has died (a date of death, or just that they did). */
export function isDeceased(p: Patient): boolean {
  return p.deceasedBoolean === true || p.deceasedDateTime !== undefined;
}

/** The Patient this one was merged into, if it was. */
export function mergedInto(p: Patient): string | undefined {
  const ref = p.link?.find((l) => l.type === 'replaced-by')?.other.reference;
  return ref?.startsWith('Patient/') ? ref.slice('Patient/'.length) : undefined;
}

export function nameText(n: HumanName | undefined): string {
  if (!n) return '';
  if (n.text) return n.text;
  return [...(n.prefix ?? []), ...(n.given ?? []), n.family, ...(n.suffix ?? [])].filter(Boolean).join(' ');
}

export function officialName(names: HumanName[] | undefined): HumanName | undefined {
  if (!names?.length) return undefined;
  return names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old' && n.use !== 'usual') ?? names[0];
}

/** Whole years between a birth date and a day (YYYY-MM-DD); undefined without a full birth date. */
export function ageInYears(birthDate: string | undefined, on: string): number | undefined {
  const m = birthDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate) : null;
  if (!m) return undefined;
  const [y, mo, d] = on.split('-').map(Number) as [number, number, number];
  let age = y - Number(m[1]);
  if (mo < Number(m[2]) || (mo === Number(m[2]) && d < Number(m[3]))) age--;
  return age;
}
