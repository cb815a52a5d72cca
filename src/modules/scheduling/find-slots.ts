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
import { openSegments, slotGrid, type Interval } from './open-windows.ts';
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
/** The span computed at a time. */
const CHUNK_MS = 7 * DAY_MS;
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
  const minFrom = Math.min(...windows.map((w) => w.from.getTime()));
  const maxTo = Math.max(...windows.map((w) => w.to.getTime()));
  const want = earliest ? 1 : limit;
  const found: { s: ScheduleAvailability; slot: Interval }[] = [];
  // A week at a time, earliest first, until enough slots are found: the answer is the first
  // `limit` slots in time, so later weeks need not be expanded (an "earliest" search over three
  // months usually stops in its first week).
  for (let c = minFrom; c < maxTo && found.length < want; c += CHUNK_MS) {
    const chunkEnd = Math.min(c + CHUNK_MS, maxTo);
    const live = windows.filter((w) => w.from.getTime() < chunkEnd && w.to.getTime() > c);
    if (!live.length) continue;
    // A slot starting near the chunk's end runs past it (at most a day): its booked time too.
    const busy = await busyOf(repo, live, c, chunkEnd + DAY_MS);
    const batch: typeof found = [];
    for (const { s, from: f, to: t } of live) {
      const lo = new Date(Math.max(f.getTime(), c));
      const hi = new Date(Math.min(t.getTime(), chunkEnd));
      const mine = [...(busy.get(`Practitioner/${s.practitionerId}`) ?? []), ...(busy.get(`Location/${s.locationId}`) ?? [])];
      const length = serviceMinutes(service) ?? s.slotMinutes;
      for (const slot of slotGrid(openSegments(s, lo, hi), mine, s.slotMinutes, length, lo, hi)) batch.push({ s, slot });
    }
    batch.sort(
      (a, b) =>
        a.slot.start - b.slot.start || (a.s.practitionerId < b.s.practitionerId ? -1 : a.s.practitionerId > b.s.practitionerId ? 1 : 0),
    );
    found.push(...batch);
  }
  // Only the slots returned are formatted (local times cost a zone lookup each).
  return { slots: found.slice(0, want).map(({ s, slot }) => view(s, slot, serviceId)) };
}

/** Booked time of the schedules' practitioners and rooms in [from, to), by actor reference. */
async function busyOf(
  repo: FhirRepository,
  windows: { s: ScheduleAvailability }[],
  from: number,
  to: number,
): Promise<Map<string, Interval[]>> {
  const actors = [...new Set(windows.flatMap(({ s }) => [`Practitioner/${s.practitionerId}`, `Location/${s.locationId}`]))];
  const byActor = new Map<string, Interval[]>();
  for (const b of await busyIntervals(repo.db, actors, new Date(from), new Date(to))) {
    const list = byActor.get(b.actor) ?? [];
    list.push({ start: b.start.getTime(), end: b.end.getTime() });
    byActor.set(b.actor, list);
  }
  return byActor;
}

function view(s: ScheduleAvailability, slot: Interval, serviceId: string | undefined): SlotView {
  const start = new Date(slot.start);
  const end = new Date(slot.end);
  return {
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
