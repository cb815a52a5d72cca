/**
 * The scheduling part of the demo data, so the calendar, the reception list and portal
 * booking have something to show on a first start: consulting rooms and services for each
 * demo organization, a week of availability for the outpatient practitioners (every day,
 * 08:00-12:00 and 13:00-17:00 in 20-minute slots, so the screens are never empty on a
 * weekend), and a morning and afternoon of booked appointments today and tomorrow, the
 * ones already past today checked in.
 *
 * Rooms take the server's time zone (TZ, else UTC): the demo is seen where it is started.
 * Everything goes through the scheduling module's own services with the demo's system
 * repository, so the records are exactly what the screens would have written.
 */
import type { Extension, HealthcareService, Location, Patient, PractitionerRole } from '@medplum/fhirtypes';
import { HaleError } from '../errors.ts';
import type { FhirRepository } from '../fhir/store/repository.ts';
import { putAvailability } from '../modules/scheduling/put-availability.ts';
import { bookAppointment } from '../modules/scheduling/book-appointment.ts';
import { checkIn } from '../modules/scheduling/check-in.ts';
import { SERVICE_APPOINTMENT_TYPE_EXTENSION, SERVICE_DURATION_EXTENSION, TIMEZONE_EXTENSION } from '../modules/scheduling/fhir-terms.ts';
import { asResource, searchAll } from '../modules/scheduling/store-reads.ts';
import { isDeceased } from '../modules/patients/store-reads.ts';
import { portalBookingExtension } from '../modules/portal/portal-rules.ts';
import { addDays, fromWall, isTimeZone, localDate, wallAt } from '../modules/scheduling/zoned-time.ts';

/** How many outpatient practitioners get availability and appointments. */
const DEMO_SCHEDULED_PRACTITIONERS = 6;
/** Local times of the demo appointments, each day. */
const DEMO_TIMES = ['08:20', '09:00', '10:00', '11:20', '13:40', '15:00'];

export function serverTimeZone(): string {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return tz && isTimeZone(tz) ? tz : 'UTC';
}

interface DemoServices {
  consultation: string;
  procedure: string;
}

function serviceResource(
  id: string,
  name: string,
  orgRef: string,
  minutes: number,
  types: string[],
  snomed: [string, string],
  online: Extension,
): HealthcareService {
  return {
    resourceType: 'HealthcareService',
    id,
    active: true,
    name,
    providedBy: { reference: orgRef },
    type: [{ coding: [{ system: 'http://snomed.info/sct', code: snomed[0], display: snomed[1] }] }],
    extension: [
      {
        url: SERVICE_DURATION_EXTENSION,
        valueDuration: { value: minutes, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' },
      },
      ...types.map((t) => ({ url: SERVICE_APPOINTMENT_TYPE_EXTENSION, valueCode: t })),
      online,
    ],
  };
}

function roomResource(id: string, name: string, orgRef: string, siteRef: string | undefined, timeZone: string): Location {
  return {
    resourceType: 'Location',
    id,
    status: 'active',
    name,
    mode: 'instance',
    physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'ro', display: 'Room' }] },
    managingOrganization: { reference: orgRef },
    ...(siteRef ? { partOf: { reference: siteRef } } : {}),
    extension: [{ url: TIMEZONE_EXTENSION, valueCode: timeZone }],
  };
}

async function put(repo: FhirRepository, resource: HealthcareService | Location): Promise<void> {
  await repo.update(resource.resourceType, resource.id!, asResource(resource));
}

/** Outpatient roles: those with office hours (the emergency and hospitalist roles are all day). */
function outpatient(role: PractitionerRole): boolean {
  return !!role.practitioner?.reference && !!role.organization?.reference && !role.availableTime?.some((t) => t.allDay);
}

export async function loadDemoScheduling(repo: FhirRepository, now = new Date(), timeZone = serverTimeZone()): Promise<number> {
  const roles = (await searchAll<PractitionerRole>(repo, 'PractitionerRole', { _sort: '_id' }, 200)).filter(outpatient);
  const chosen = roles.slice(0, DEMO_SCHEDULED_PRACTITIONERS);
  // Only the living get appointments (booking refuses the deceased, as a clinic would).
  const patients = (await searchAll<Patient>(repo, 'Patient', { _sort: '_id', active: 'true' }, 200))
    .filter((p) => !isDeceased(p))
    .slice(0, 50);
  if (!chosen.length || !patients.length) return 0;
  let written = 0;

  // Two rooms and two services per organization that has a chosen practitioner.
  const perOrg = new Map<string, { rooms: string[]; services: DemoServices }>();
  for (const role of chosen) {
    const orgRef = role.organization!.reference!;
    if (perOrg.has(orgRef)) continue;
    const n = perOrg.size + 1;
    const orgName = role.organization?.display ?? `Clinic ${n}`;
    const rooms = [`demo-room-${n}-1`, `demo-room-${n}-2`];
    for (const [i, id] of rooms.entries()) {
      await put(repo, roomResource(id, `${orgName}, consulting room ${i + 1}`, orgRef, role.location?.[0]?.reference, timeZone));
      written++;
    }
    const services: DemoServices = { consultation: `demo-consultation-${n}`, procedure: `demo-procedure-${n}` };
    await put(
      repo,
      serviceResource(
        services.consultation,
        'General consultation',
        orgRef,
        20,
        ['consultation', 'follow-up', 'telemedicine'],
        ['11429006', 'Consultation'],
        // Patients book consultations in the portal: from 2 hours to 60 days ahead, changes until a day before.
        portalBookingExtension({
          enabled: true,
          minNoticeHours: 2,
          maxDaysAhead: 60,
          cancelCutoffHours: 24,
          appointmentTypes: ['consultation', 'follow-up', 'telemedicine'],
        }),
      ),
    );
    await put(
      repo,
      serviceResource(
        services.procedure,
        'Minor procedure',
        orgRef,
        40,
        ['procedure'],
        ['71388002', 'Procedure'],
        portalBookingExtension({ enabled: false }),
      ),
    );
    written += 2;
    perOrg.set(orgRef, { rooms, services });
  }

  // Availability: each practitioner in a room of their organization, rooms shared in turn.
  const seat = new Map<string, number>();
  const placed: { practitionerId: string; roomId: string; services: DemoServices }[] = [];
  for (const role of chosen) {
    const practitionerId = role.practitioner!.reference!.split('/')[1]!;
    const org = perOrg.get(role.organization!.reference!)!;
    const k = seat.get(role.organization!.reference!) ?? 0;
    seat.set(role.organization!.reference!, k + 1);
    if (k >= org.rooms.length) continue; // one practitioner per room: rooms cannot be double-booked
    const roomId = org.rooms[k]!;
    await putAvailability(repo, practitionerId, {
      locations: [
        {
          locationId: roomId,
          slotMinutes: 20,
          serviceIds: [org.services.consultation, org.services.procedure],
          rules: [
            { rrule: 'FREQ=DAILY', start: '08:00', durationMinutes: 240 },
            { rrule: 'FREQ=DAILY', start: '13:00', durationMinutes: 240 },
          ],
          breaks: [],
          exceptions: [],
        },
      ],
    });
    written++;
    placed.push({ practitionerId, roomId, services: org.services });
  }

  // Today's and tomorrow's appointments; a patient is never in two places at once.
  const today = localDate(now, timeZone);
  const reasons = ['Annual check-up', 'Blood pressure follow-up', 'Persistent cough', 'Medication review', 'Back pain', 'Skin rash'];
  for (const [d, day] of [today, addDays(today, 1)].entries()) {
    for (const [t, time] of DEMO_TIMES.entries()) {
      for (const [p, who] of placed.entries()) {
        if ((p + t + d) % 3 === 2) continue; // leave free slots to book
        const patient = patients[(p + t * placed.length + d) % patients.length]!;
        const start = fromWall(wallAt(day, time), timeZone);
        const procedure = t === 4 && p % 2 === 0;
        const booked = await bookAppointment(
          repo,
          {
            patientId: patient.id,
            practitionerId: who.practitionerId,
            locationId: who.roomId,
            serviceId: procedure ? who.services.procedure : who.services.consultation,
            start: start.toISOString(),
            type: procedure ? 'procedure' : t % 2 ? 'follow-up' : 'consultation',
            reason: reasons[(p + t) % reasons.length],
          },
          now,
        ).catch((err: unknown) => {
          // A patient already booked at that time (the rotation can meet itself): skip that one.
          if (err instanceof HaleError && err.code === 'conflict') return undefined;
          throw err;
        });
        if (!booked) continue;
        written++;
        if (start.getTime() < now.getTime() - 15 * 60_000 && booked.id) {
          await checkIn(repo, booked.id, start);
          written++;
        }
      }
    }
  }
  return written;
}
