/**
 * PUT /api/v1/scheduling/availability/:practitionerId: the practitioner's whole availability,
 * one entry per location. Each entry becomes (or updates) the Schedule of that practitioner
 * and location; Schedules of locations no longer listed are made inactive. All in one
 * transaction, through the caller's repository.
 *
 * The time zone is the Location's (its timezone extension). A Location without one takes the
 * request's `timeZone`, which the Schedule then keeps; a request that contradicts the
 * Location's zone is refused.
 */
import type { HealthcareService, Location, Practitioner, PractitionerRole, Schedule } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { Coded, LocationAvailability } from './availability.ts';
import { fromSchedule, scheduleIdFor, toSchedule } from './availability-fhir.ts';
import { displayOf } from './fhir-terms.ts';
import { FieldErrors, at } from './field-errors.ts';
import { getAvailability, type AvailabilityView } from './get-availability.ts';
import { asResource, locationTimeZone, readForField, searchAll } from './store-reads.ts';
import { validateAvailability } from './validate-availability.ts';

async function roleSpecialties(repo: FhirRepository, practitionerId: string): Promise<Coded[]> {
  const roles = await searchAll<PractitionerRole>(repo, 'PractitionerRole', { practitioner: `Practitioner/${practitionerId}` }, 100);
  const seen = new Map<string, Coded>();
  for (const c of roles.flatMap((r) => r.specialty ?? []).flatMap((s) => s.coding ?? [])) {
    if (c.code)
      seen.set(`${c.system ?? ''}|${c.code}`, {
        code: c.code,
        ...(c.system ? { system: c.system } : {}),
        ...(c.display ? { display: c.display } : {}),
      });
  }
  return [...seen.values()];
}

export async function putAvailability(repo: FhirRepository, practitionerId: string, body: unknown): Promise<AvailabilityView> {
  const inputs = validateAvailability(body, practitionerId);
  const errors = new FieldErrors();
  const practitioner = await readForField<Practitioner>(repo, 'Practitioner', practitionerId, 'practitionerId', errors);
  const planned: { schedule: Schedule }[] = [];
  let fromRoles: Coded[] | undefined;
  for (const [i, input] of inputs.entries()) {
    const f = at('locations', i);
    const location = await readForField<Location>(repo, 'Location', input.locationId, at(f, 'locationId'), errors);
    const services: HealthcareService[] = [];
    for (const [j, id] of input.serviceIds.entries()) {
      const s = await readForField<HealthcareService>(repo, 'HealthcareService', id, at(at(f, 'serviceIds'), j), errors);
      if (s) services.push(s);
    }
    const own = locationTimeZone(location);
    if (location && !own && !input.timeZone) {
      errors.add(
        at(f, 'timeZone'),
        `is required: Location/${input.locationId} has no time zone (its extension ${'http://hl7.org/fhir/StructureDefinition/timezone'})`,
      );
    }
    if (own && input.timeZone && own !== input.timeZone) {
      errors.add(
        at(f, 'timeZone'),
        `is ${input.timeZone}, but Location/${input.locationId} is in ${own}; leave it out or change the Location`,
      );
    }
    if (!practitioner || !location || errors.count) continue;
    const specialties = input.specialties ?? (fromRoles ??= await roleSpecialties(repo, practitionerId));
    const availability: LocationAvailability = { ...input, timeZone: own ?? input.timeZone!, specialties };
    planned.push({
      schedule: toSchedule(
        { id: practitionerId, ...(displayOf(practitioner) ? { display: displayOf(practitioner)! } : {}) },
        { id: input.locationId, ...(displayOf(location) ? { display: displayOf(location)! } : {}) },
        availability,
        services.map((s) => ({ id: s.id!, ...(displayOf(s) ? { display: displayOf(s)! } : {}) })),
      ),
    });
  }
  errors.throwIfAny('The availability');

  await repo.inTransaction(async (tx) => {
    const keep = new Set(inputs.map((i) => scheduleIdFor(practitionerId, i.locationId)));
    for (const { schedule } of planned) await tx.update('Schedule', schedule.id!, asResource(schedule));
    const existing = await searchAll<Schedule>(tx, 'Schedule', { actor: `Practitioner/${practitionerId}`, active: 'true' });
    for (const s of existing) {
      if (keep.has(s.id!) || !fromSchedule(s)) continue;
      await tx.update('Schedule', s.id!, asResource({ ...s, active: false }));
    }
  });
  return getAvailability(repo, practitionerId);
}
