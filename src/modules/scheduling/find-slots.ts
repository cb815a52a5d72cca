/**
 * GET /api/v1/scheduling/slots: free slots, computed on demand for the window asked for.
 * The matching Schedules (by practitioner, location, service, specialty) are found through
 * the caller's repository; each one's rules are expanded in its location's zone, breaks and
 * exceptions cut out, and the times its practitioner or room is already booked (the
 * double-booking guard's rows, overbooked appointments included) left out. Nothing is
 * written: Slot resources are not materialised. Each slot comes in UTC and in the
 * location's local time.
 */
import type { HealthcareService, Location, Practitioner } from '@medplum/fhirtypes';
import { busyIntervals } from '../../fhir/store/appointment-busy.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { ScheduleAvailability } from './availability.ts';
import { FieldErrors, dayOrInstant, resourceId, text, wholeNumber, type Json } from './field-errors.ts';
import { availabilitySchedules } from './get-availability.ts';
import { openSegments, slotGrid } from './open-windows.ts';
import { serviceMinutes } from './service-terms.ts';
import { readForField } from './store-reads.ts';
import { addDays, localIso, startOfLocalDay, utcIso } from './zoned-time.ts';

export interface SlotView {
  start: string;
  end: string;
  startLocal: string;
  endLocal: string;
  timeZone: string;
  practitioner: { id: string; display?: string };
  location: { id: string; display?: string };
  scheduleId: string;
  serviceId?: string;
}

export interface SlotsAnswer {
  slots: SlotView[];
}

type Bound = { date: string } | { instant: Date };

const DAY_MS = 86_400_000;
/** The widest window one call computes. */
const MAX_DAYS = 93;

function boundAt(b: Bound, tz: string, end: boolean): Date {
  if ('instant' in b) return b.instant;
  // A day given as `to` is included whole.
  return startOfLocalDay(end ? addDays(b.date, 1) : b.date, tz);
}

const approx = (b: Bound, end: boolean) => ('instant' in b ? b.instant.getTime() : Date.parse(`${b.date}T00:00:00Z`) + (end ? DAY_MS : 0));

export async function findSlots(repo: FhirRepository, query: Json, now = new Date()): Promise<SlotsAnswer> {
  const errors = new FieldErrors();
  const practitionerId = resourceId(errors, query.practitioner, 'practitioner');
  const locationId = resourceId(errors, query.location, 'location');
  const serviceId = resourceId(errors, query.service, 'service');
  const specialty = text(errors, query.specialty, 'specialty', { max: 300 });
  const earliest = query.earliest === 'true' || query.earliest === '1';
  const limit = wholeNumber(errors, query.limit, 'limit', 1, 1000) ?? 1000;
  const from: Bound | undefined = dayOrInstant(errors, query.from, 'from') ?? { instant: now };
  let to = dayOrInstant(errors, query.to, 'to');
  errors.throwIfAny('The slot search');
  to ??= { instant: new Date(approx(from, false) + (earliest ? 92 : 7) * DAY_MS) };
  if (approx(to, true) <= approx(from, false)) errors.add('to', 'must be after from');
  else if (approx(to, true) - approx(from, false) > MAX_DAYS * DAY_MS) errors.add('to', `must be at most ${MAX_DAYS} days after from`);
  await readForField<Practitioner>(repo, 'Practitioner', practitionerId, 'practitioner', errors);
  await readForField<Location>(repo, 'Location', locationId, 'location', errors);
  const service = await readForField<HealthcareService>(repo, 'HealthcareService', serviceId, 'service', errors);
  errors.throwIfAny('The slot search');

  const actors = [
    ...(practitionerId ? [`Practitioner/${practitionerId}`] : []),
    ...(locationId ? [`Location/${locationId}`] : []),
    ...(serviceId ? [`HealthcareService/${serviceId}`] : []),
  ];
  const schedules = await availabilitySchedules(repo, { ...(actors.length ? { actor: actors } : {}), ...(specialty ? { specialty } : {}) });
  if (!schedules.length) return { slots: [] };

  const windows = schedules.map((s) => ({ s, from: boundAt(from, s.timeZone, false), to: boundAt(to, s.timeZone, true) }));
  const minFrom = new Date(Math.min(...windows.map((w) => w.from.getTime())));
  const maxTo = new Date(Math.max(...windows.map((w) => w.to.getTime())));
  const busyActors = [...new Set(schedules.flatMap((s) => [`Practitioner/${s.practitionerId}`, `Location/${s.locationId}`]))];
  const busy = await busyIntervals(repo.db, busyActors, minFrom, maxTo);

  const slots: (SlotView & { t: number })[] = [];
  for (const { s, from: f, to: t } of windows) {
    const mine = busy
      .filter((b) => b.actor === `Practitioner/${s.practitionerId}` || b.actor === `Location/${s.locationId}`)
      .map((b) => ({ start: b.start.getTime(), end: b.end.getTime() }));
    const length = serviceMinutes(service) ?? s.slotMinutes;
    for (const slot of slotGrid(openSegments(s, f, t), mine, s.slotMinutes, length, f, t)) slots.push(view(s, slot, serviceId));
  }
  slots.sort((a, b) => a.t - b.t || a.practitioner.id.localeCompare(b.practitioner.id));
  return { slots: slots.slice(0, earliest ? 1 : limit).map(({ t: _t, ...v }) => v) };
}

function view(s: ScheduleAvailability, slot: { start: number; end: number }, serviceId: string | undefined): SlotView & { t: number } {
  const start = new Date(slot.start);
  const end = new Date(slot.end);
  return {
    t: slot.start,
    start: utcIso(start),
    end: utcIso(end),
    startLocal: localIso(start, s.timeZone),
    endLocal: localIso(end, s.timeZone),
    timeZone: s.timeZone,
    practitioner: { id: s.practitionerId, ...(s.practitionerDisplay ? { display: s.practitionerDisplay } : {}) },
    location: { id: s.locationId, ...(s.locationDisplay ? { display: s.locationDisplay } : {}) },
    scheduleId: s.scheduleId,
    ...(serviceId ? { serviceId } : {}),
  };
}
