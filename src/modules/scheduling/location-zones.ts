/** The time zones of the rooms of some appointments, read in one search. */
import type { Appointment, Location } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { participantId } from './appointment-parts.ts';
import { locationTimeZone, searchAll } from './store-reads.ts';

export async function locationZones(repo: FhirRepository, appointments: Appointment[]): Promise<Map<string, string>> {
  const ids = [...new Set(appointments.map((a) => participantId(a, 'Location')).filter((x): x is string => !!x))];
  const zones = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 100) {
    const found = await searchAll<Location>(repo, 'Location', { _id: ids.slice(i, i + 100).join(',') }, 100);
    for (const l of found) {
      const tz = locationTimeZone(l);
      if (tz) zones.set(l.id!, tz);
    }
  }
  return zones;
}
