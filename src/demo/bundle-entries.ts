/**
 * Bundle entries shaped like Synthea's: a `urn:uuid:` fullUrl equal to the resource id,
 * POST to the type, and conditional references to shared resources by identifier.
 */
import type { BundleEntry, Resource } from '@medplum/fhirtypes';
import { SYSTEM } from './codes.ts';

export function postEntry(resource: Resource & { id: string }, ifNoneExist?: string): BundleEntry {
  const request: NonNullable<BundleEntry['request']> = { method: 'POST', url: resource.resourceType };
  if (ifNoneExist) request.ifNoneExist = ifNoneExist;
  return { fullUrl: `urn:uuid:${resource.id}`, resource, request };
}

/** `Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|1234567893` */
export function conditionalReference(type: string, system: string, value: string): string {
  return `${type}?identifier=${system}|${value}`;
}

/** The identifier every generated resource carries: its uuid under Hale's resource-id system. */
export function resourceIdentifier(id: string): { system: string; value: string } {
  return { system: SYSTEM.resourceId, value: id };
}
