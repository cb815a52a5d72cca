/**
 * GET /api/v1/portal/services: the services a patient can book online, with their rules,
 * the window open for booking now, how long an appointment takes, and the practitioners
 * and rooms that offer them (from the active availability that lists the service). A
 * service nobody offers is left out: there would be nothing to book.
 */
import type { HealthcareService, Organization } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { ScheduleAvailability } from '../scheduling/availability.ts';
import { displayOf } from '../scheduling/fhir-terms.ts';
import { serviceMinutes } from '../scheduling/service-terms.ts';
import { searchAll } from '../scheduling/store-reads.ts';
import { onlineServices, serviceSchedules } from './portal-reads.ts';
import { bookingWindow, type PortalRules } from './portal-rules.ts';

export interface PortalService {
  id: string;
  name: string;
  /** The organization that provides it (the clinic), when named. */
  provider?: { id: string; display?: string };
  description?: string;
  /** Minutes one appointment takes, when the service says. */
  durationMinutes?: number;
  rules: Omit<PortalRules, 'enabled'>;
  /** The earliest and latest start a patient may book now. */
  bookableFrom: string;
  bookableUntil: string;
  practitioners: { id: string; display?: string }[];
  locations: { id: string; display?: string; timeZone: string }[];
}

export async function listPortalServices(
  repo: FhirRepository,
  sys: FhirRepository,
  now = new Date(),
): Promise<{ services: PortalService[] }> {
  const services = await onlineServices(repo);
  const schedules = await serviceSchedules(
    sys,
    services.map((s) => s.service.id!),
  );
  const providers = await organizationNames(
    repo,
    services.map((s) => s.service.providedBy?.reference?.split('/')[1]).filter((x): x is string => !!x),
  );
  const out: PortalService[] = [];
  for (const { service, rules } of services) {
    const offering = schedules.filter((s) => s.serviceIds.includes(service.id!));
    if (!offering.length) continue;
    const { enabled: _e, ...shown } = rules;
    const window = bookingWindow(rules, now);
    const minutes = serviceMinutes(service);
    out.push({
      id: service.id!,
      name: displayOf(service) ?? service.id!,
      ...providerOf(service, providers),
      ...(service.comment ? { description: service.comment } : {}),
      ...(minutes ? { durationMinutes: minutes } : {}),
      rules: shown,
      bookableFrom: window.earliest.toISOString(),
      bookableUntil: window.latest.toISOString(),
      practitioners: unique(offering, (s) => ({
        id: s.practitionerId,
        ...(s.practitionerDisplay ? { display: s.practitionerDisplay } : {}),
      })),
      locations: unique(offering, (s) => ({
        id: s.locationId,
        ...(s.locationDisplay ? { display: s.locationDisplay } : {}),
        timeZone: s.timeZone,
      })),
    });
  }
  out.sort((a, b) => a.name.localeCompare(b.name) || (a.provider?.display ?? '').localeCompare(b.provider?.display ?? ''));
  return { services: out };
}

/** The names of the providing organizations, read with the patient's repository (the directory is open to them). */
async function organizationNames(repo: FhirRepository, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].slice(0, 100);
  if (!unique.length) return new Map();
  const found = await searchAll<Organization>(repo, 'Organization', { _id: unique.join(',') }, 100);
  return new Map(found.filter((o) => o.name).map((o) => [o.id!, o.name!]));
}

function providerOf(service: HealthcareService, names: Map<string, string>): { provider?: { id: string; display?: string } } {
  const ref = service.providedBy?.reference;
  if (!ref?.startsWith('Organization/')) return {};
  const id = ref.slice('Organization/'.length);
  const display = names.get(id) ?? service.providedBy?.display;
  return { provider: { id, ...(display ? { display } : {}) } };
}

function unique<T extends { id: string; display?: string }>(schedules: ScheduleAvailability[], pick: (s: ScheduleAvailability) => T): T[] {
  const seen = new Map<string, T>();
  for (const s of schedules) {
    const item = pick(s);
    if (!seen.has(item.id)) seen.set(item.id, item);
  }
  return [...seen.values()].sort((a, b) => (a.display ?? a.id).localeCompare(b.display ?? b.id));
}
