/**
 * What the portal reads, and through whom. Services, practitioners and rooms are read with
 * the patient's own repository (the directory is open to patients; policy and audit apply).
 * Schedules are not: FHIR puts a Schedule in the Patient compartment through its actors, so
 * a patient's scope finds none (they name practitioners and rooms, never the patient). The
 * availability of services open online is the clinic's public offer, so it is read through
 * the portal's system repository, for those services only.
 */
import type { HealthcareService } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { ScheduleAvailability } from '../scheduling/availability.ts';
import { availabilitySchedules } from '../scheduling/get-availability.ts';
import { searchAll } from '../scheduling/store-reads.ts';
import { portalRules, type PortalRules } from './portal-rules.ts';

export interface RuledService {
  service: HealthcareService;
  rules: PortalRules;
}

/** The services of these ids the patient can read, with their rules (missing ids are left out). */
export async function servicesWithRules(repo: FhirRepository, ids: string[]): Promise<Map<string, RuledService>> {
  const out = new Map<string, RuledService>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const found = await searchAll<HealthcareService>(repo, 'HealthcareService', { _id: unique.slice(i, i + 100).join(',') }, 100);
    for (const service of found) out.set(service.id!, { service, rules: portalRules(service) });
  }
  return out;
}

/** Every service open online, with its rules. */
export async function onlineServices(repo: FhirRepository): Promise<RuledService[]> {
  const all = await searchAll<HealthcareService>(repo, 'HealthcareService', {}, 1000);
  return all.map((service) => ({ service, rules: portalRules(service) })).filter((s) => s.rules.enabled);
}

/**
 * The active availability that offers a service (of one practitioner, at one room, when
 * named), read by the portal's system repository `sys`.
 */
export async function serviceSchedules(
  sys: FhirRepository,
  serviceIds: string[],
  filter: { practitionerId?: string; locationId?: string } = {},
): Promise<ScheduleAvailability[]> {
  if (!serviceIds.length) return [];
  const actor = [
    // Comma: any of the services; repeated parameters: all of them.
    serviceIds.map((id) => `HealthcareService/${id}`).join(','),
    ...(filter.practitionerId ? [`Practitioner/${filter.practitionerId}`] : []),
    ...(filter.locationId ? [`Location/${filter.locationId}`] : []),
  ];
  return availabilitySchedules(sys, { actor });
}
