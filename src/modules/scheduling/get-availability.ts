/**
 * GET /api/v1/scheduling/availability/:practitionerId: the availability the practitioner's
 * active Schedules hold, one entry per location, in the shape PUT takes.
 */
import type { Practitioner, Schedule } from '@medplum/fhirtypes';
import { notFound } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { ScheduleAvailability } from './availability.ts';
import { fromSchedule } from './availability-fhir.ts';
import { displayOf } from './fhir-terms.ts';
import { readIfExists, searchAll } from './store-reads.ts';

export interface AvailabilityView {
  practitioner: { id: string; display?: string };
  locations: Omit<ScheduleAvailability, 'practitionerId' | 'practitionerDisplay' | 'active'>[];
}

/** The active, availability-made Schedules of these search parameters. */
export async function availabilitySchedules(
  repo: FhirRepository,
  params: Record<string, string | string[]>,
): Promise<ScheduleAvailability[]> {
  const schedules = await searchAll<Schedule>(repo, 'Schedule', { active: 'true', ...params }, 500);
  return schedules.map(fromSchedule).filter((a): a is ScheduleAvailability => a !== undefined && a.active);
}

export async function getAvailability(repo: FhirRepository, practitionerId: string): Promise<AvailabilityView> {
  const practitioner = await readIfExists<Practitioner>(repo, 'Practitioner', practitionerId);
  if (!practitioner) throw notFound(`Practitioner/${practitionerId} is not known`);
  const list = await availabilitySchedules(repo, { actor: `Practitioner/${practitionerId}` });
  return {
    practitioner: { id: practitionerId, ...(displayOf(practitioner) ? { display: displayOf(practitioner)! } : {}) },
    locations: list
      .sort((a, b) => a.locationId.localeCompare(b.locationId))
      .map(({ practitionerId: _p, practitionerDisplay: _d, active: _a, ...a }) => a),
  };
}
