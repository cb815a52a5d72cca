/**
 * Does a requested time lie inside a practitioner's availability (rules minus breaks and
 * exceptions) at a location? Booked time is not looked at here: the double-booking guard
 * in the store decides clashes, atomically.
 */
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { HaleError } from '../../errors.ts';
import type { ScheduleAvailability } from './availability.ts';
import { availabilitySchedules } from './get-availability.ts';
import { fitsOpen, openSegments } from './open-windows.ts';
import { localIso } from './zoned-time.ts';

export interface Fit {
  /** The practitioner's schedules (at the location, when one was named). */
  schedules: ScheduleAvailability[];
  /** The schedule whose open time holds [start, end), if any. */
  fitting?: ScheduleAvailability;
}

/** The practitioner's active availability schedules (at the location, when one is named). */
export async function practitionerSchedules(
  repo: FhirRepository,
  practitionerId: string,
  locationId: string | undefined,
): Promise<ScheduleAvailability[]> {
  return availabilitySchedules(repo, { actor: [`Practitioner/${practitionerId}`, ...(locationId ? [`Location/${locationId}`] : [])] });
}

export function fitOf(schedules: ScheduleAvailability[], start: Date, end: Date): Fit {
  const fitting = schedules.find((s) => fitsOpen(openSegments(s, start, end), start.getTime(), end.getTime()));
  return { schedules, ...(fitting ? { fitting } : {}) };
}

/** The 422 for a time outside availability, naming the field and what to do instead. */
export function outsideAvailability(fit: Fit, who: string, where: string | undefined, start: Date, field = 'start'): HaleError {
  const at = where ? ` at ${where}` : '';
  const message = fit.schedules.length
    ? `${fit.schedules[0] ? localIso(start, fit.schedules[0].timeZone) : start.toISOString()} is outside the availability of ${who}${at} (or falls in a break or an exception); free times are listed by GET /api/v1/scheduling/slots, or book with overbook: {reason} for an emergency or walk-in`
    : `${who} has no availability${at}; define it with PUT /api/v1/scheduling/availability/:practitionerId, or book with overbook: {reason} for an emergency or walk-in`;
  return new HaleError('invalid-resource', `The appointment does not fit: ${message}`, [{ field, message }]);
}
