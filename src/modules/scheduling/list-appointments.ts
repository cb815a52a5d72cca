/**
 * GET /api/v1/appointments?practitioner=&location=&patient=&date=&from=&to=&status=&tz=: the
 * day or week lists (the reception's "today" with each status). A day is a local day: in
 * `tz` when given, else in the room's zone, else in the practitioner's schedule's zone,
 * else UTC. Found through the caller's repository (FHIR search: row scope and audit apply);
 * waitlist entries and offers are left out unless `status` asks for them.
 */
import type { Appointment, Location } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { participantId } from './appointment-parts.ts';
import { summarize, type AppointmentSummary } from './appointment-summary.ts';
import { FieldErrors, calendarDate, dayOrInstant, resourceId, text, wholeNumber, type Json } from './field-errors.ts';
import { practitionerSchedules } from './fit-availability.ts';
import { locationZones } from './location-zones.ts';
import { locationTimeZone, readForField, searchAll } from './store-reads.ts';
import { addDays, isTimeZone, localDate, startOfLocalDay, utcIso } from './zoned-time.ts';

const STATUSES = [
  'proposed',
  'pending',
  'booked',
  'arrived',
  'fulfilled',
  'cancelled',
  'noshow',
  'entered-in-error',
  'checked-in',
  'waitlist',
];
const DEFAULT_STATUSES = ['pending', 'booked', 'arrived', 'checked-in', 'fulfilled', 'cancelled', 'noshow'];

export interface AppointmentList {
  from: string;
  to: string;
  timeZone: string;
  appointments: AppointmentSummary[];
}

export async function listAppointments(repo: FhirRepository, query: Json, now = new Date()): Promise<AppointmentList> {
  const errors = new FieldErrors();
  const practitionerId = resourceId(errors, query.practitioner, 'practitioner');
  const locationId = resourceId(errors, query.location, 'location');
  const patientId = resourceId(errors, query.patient, 'patient');
  const date = calendarDate(errors, query.date, 'date');
  const from = dayOrInstant(errors, query.from, 'from');
  const to = dayOrInstant(errors, query.to, 'to');
  const tzParam = text(errors, query.tz, 'tz', { max: 64 });
  if (tzParam && !isTimeZone(tzParam)) errors.add('tz', `'${tzParam}' is not an IANA time zone (like Europe/Berlin)`);
  const statusText = text(errors, query.status, 'status', { max: 300 });
  const statuses = statusText ? statusText.split(',').map((s) => s.trim()) : DEFAULT_STATUSES;
  const bad = statuses.filter((s) => !STATUSES.includes(s));
  if (bad.length) errors.add('status', `has unknown ${bad.join(', ')}; use ${STATUSES.join(', ')}`);
  if (date && (from || to)) errors.add('date', 'cannot be combined with from or to');
  const limit = wholeNumber(errors, query.limit, 'limit', 1, 1000) ?? 1000;
  errors.throwIfAny('The appointment list query');
  const location = await readForField<Location>(repo, 'Location', locationId, 'location', errors);
  errors.throwIfAny('The appointment list query');

  const timeZone =
    tzParam ??
    locationTimeZone(location) ??
    (practitionerId ? (await practitionerSchedules(repo, practitionerId, undefined))[0]?.timeZone : undefined) ??
    'UTC';
  const day = date ?? localDate(now, timeZone);
  const start = from ? ('date' in from ? startOfLocalDay(from.date, timeZone) : from.instant) : startOfLocalDay(day, timeZone);
  const end = to
    ? 'date' in to
      ? startOfLocalDay(addDays(to.date, 1), timeZone)
      : to.instant
    : from
      ? new Date(start.getTime() + 7 * 86_400_000)
      : startOfLocalDay(addDays(day, 1), timeZone);
  if (end <= start) {
    errors.add('to', 'must be after from');
    errors.throwIfAny('The appointment list query');
  }

  const actor = [
    ...(practitionerId ? [`Practitioner/${practitionerId}`] : []),
    ...(locationId ? [`Location/${locationId}`] : []),
    ...(patientId ? [`Patient/${patientId}`] : []),
  ];
  const found = await searchAll<Appointment>(
    repo,
    'Appointment',
    { ...(actor.length ? { actor } : {}), date: [`ge${utcIso(start)}`, `lt${utcIso(end)}`], status: statuses.join(','), _sort: 'date' },
    limit,
  );
  const zones = await locationZones(repo, found);
  return {
    from: utcIso(start),
    to: utcIso(end),
    timeZone,
    appointments: found.map((a) => summarize(a, zones.get(participantId(a, 'Location') ?? '') ?? timeZone)),
  };
}
