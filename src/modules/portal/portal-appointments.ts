/**
 * GET /api/v1/portal/appointments: the patient's own appointments, upcoming (soonest first)
 * and past (latest first), each with whether it may still be cancelled or moved online and,
 * when not, why not. Found through the patient's repository, so the compartment rule
 * decides what is theirs. Waitlist entries, offers and appointments entered in error are
 * not listed.
 */
import type { Appointment } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { participantId } from '../scheduling/appointment-parts.ts';
import { locationZones } from '../scheduling/location-zones.ts';
import { practitionerSchedules } from '../scheduling/fit-availability.ts';
import { searchAll } from '../scheduling/store-reads.ts';
import { utcIso } from '../scheduling/zoned-time.ts';
import { portalView, type PortalAppointment } from './portal-appointment-view.ts';
import { servicesWithRules } from './portal-reads.ts';

const LISTED = 'pending,booked,arrived,checked-in,fulfilled,cancelled,noshow';
const UPCOMING_MAX = 100;
const PAST_MAX = 50;

export interface PortalAppointments {
  upcoming: PortalAppointment[];
  past: PortalAppointment[];
}

export async function listPortalAppointments(
  repo: FhirRepository,
  sys: FhirRepository,
  patientId: string,
  now = new Date(),
): Promise<PortalAppointments> {
  const patient = `Patient/${patientId}`;
  const upcoming = await searchAll<Appointment>(
    repo,
    'Appointment',
    { patient, status: LISTED, date: `ge${utcIso(now)}`, _sort: 'date' },
    UPCOMING_MAX,
  );
  const past = await searchAll<Appointment>(
    repo,
    'Appointment',
    { patient, status: LISTED, date: `lt${utcIso(now)}`, _sort: '-date' },
    PAST_MAX,
  );
  const views = await portalViews(repo, sys, [...upcoming, ...past], now);
  return { upcoming: views.slice(0, upcoming.length), past: views.slice(upcoming.length) };
}

/** Portal views of appointments: local times in the room's zone (or the practitioner's schedule's), and the service's rules. */
export async function portalViews(repo: FhirRepository, sys: FhirRepository, list: Appointment[], now: Date): Promise<PortalAppointment[]> {
  const zones = await locationZones(repo, list);
  const services = await servicesWithRules(
    repo,
    list.map((a) => participantId(a, 'HealthcareService')).filter((x): x is string => !!x),
  );
  // A visit without a room (telemedicine) is shown in the zone of its practitioner's availability.
  const byPractitioner = new Map<string, string | undefined>();
  for (const a of list) {
    const pid = participantId(a, 'Practitioner');
    if (zones.has(participantId(a, 'Location') ?? '') || !pid || byPractitioner.has(pid)) continue;
    byPractitioner.set(pid, (await practitionerSchedules(sys, pid, undefined))[0]?.timeZone);
  }
  return list.map((a) => {
    const zone = zones.get(participantId(a, 'Location') ?? '') ?? byPractitioner.get(participantId(a, 'Practitioner') ?? '');
    return portalView(a, zone, services.get(participantId(a, 'HealthcareService') ?? '')?.rules, now);
  });
}
