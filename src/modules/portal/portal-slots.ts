/**
 * GET /api/v1/portal/slots?serviceId=&practitionerId=&locationId=&from=&to=: the free times
 * a patient may book for a service open online. The scheduling module's slot search does
 * the work (rules, breaks, exceptions, booked time); the window asked for is first clamped
 * to what the service's rules allow now (no earlier than the notice, no later than the days
 * ahead), and times the patient is already booked elsewhere are left out, so a patient is
 * never shown a time the booking would refuse. Days in `from` and
 * `to` are local days of the service's rooms; the default is a week from the earliest time.
 */
import type { Appointment, Practitioner } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { findSlots, type SlotView } from '../scheduling/find-slots.ts';
import { displayOf } from '../scheduling/fhir-terms.ts';
import { FieldErrors, dayOrInstant, resourceId, type Json } from '../scheduling/field-errors.ts';
import { readForField, searchAll } from '../scheduling/store-reads.ts';
import { addDays, startOfLocalDay, utcIso } from '../scheduling/zoned-time.ts';
import { requireOnlineService } from './online-service.ts';
import { serviceSchedules } from './portal-reads.ts';
import { bookingWindow } from './portal-rules.ts';

export interface PortalSlots {
  service: { id: string; name: string };
  /** The window searched, after clamping to the rules (UTC). */
  from: string;
  to: string;
  bookableFrom: string;
  bookableUntil: string;
  /** The zone of the service's rooms (the first one's, when they differ). */
  timeZone: string;
  slots: SlotView[];
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export async function findPortalSlots(
  repo: FhirRepository,
  sys: FhirRepository,
  patientId: string,
  query: Json,
  now = new Date(),
): Promise<PortalSlots> {
  const errors = new FieldErrors();
  const serviceId = resourceId(errors, query.serviceId, 'serviceId', { required: true });
  const practitionerId = resourceId(errors, query.practitionerId, 'practitionerId');
  const locationId = resourceId(errors, query.locationId, 'locationId');
  const from = dayOrInstant(errors, query.from, 'from');
  const to = dayOrInstant(errors, query.to, 'to');
  errors.throwIfAny('The slot search');
  await readForField<Practitioner>(repo, 'Practitioner', practitionerId, 'practitionerId', errors);
  errors.throwIfAny('The slot search');
  const { service, rules } = await requireOnlineService(repo, serviceId!);

  const schedules = await serviceSchedules(sys, [serviceId!], {
    ...(practitionerId ? { practitionerId } : {}),
    ...(locationId ? { locationId } : {}),
  });
  const timeZone = schedules[0]?.timeZone ?? 'UTC';
  const window = bookingWindow(rules, now);
  const asked = {
    from: from ? ('date' in from ? startOfLocalDay(from.date, timeZone) : from.instant) : window.earliest,
    to: undefined as Date | undefined,
  };
  asked.to = to ? ('date' in to ? startOfLocalDay(addDays(to.date, 1), timeZone) : to.instant) : new Date(asked.from.getTime() + WEEK_MS);
  if (asked.to.getTime() <= asked.from.getTime()) {
    errors.add('to', 'must be after from');
    errors.throwIfAny('The slot search');
  }
  const start = new Date(Math.max(asked.from.getTime(), window.earliest.getTime()));
  const end = new Date(Math.min(asked.to.getTime(), window.latest.getTime()));
  const answer = {
    service: { id: serviceId!, name: displayOf(service) ?? serviceId! },
    from: utcIso(start),
    to: utcIso(end),
    bookableFrom: utcIso(window.earliest),
    bookableUntil: utcIso(window.latest),
    timeZone,
  };
  if (!schedules.length || end.getTime() <= start.getTime()) return { ...answer, slots: [] };
  const found = await findSlots(
    sys,
    {
      service: serviceId,
      ...(practitionerId ? { practitioner: practitionerId } : {}),
      ...(locationId ? { location: locationId } : {}),
      from: utcIso(start),
      to: utcIso(end),
    },
    now,
  );
  // Times the patient is already booked elsewhere would only be refused: they are left out.
  const own = await searchAll<Appointment>(
    repo,
    'Appointment',
    {
      patient: `Patient/${patientId}`,
      status: 'pending,booked,arrived,checked-in',
      date: [`lt${utcIso(end)}`, `ge${utcIso(new Date(start.getTime() - DAY_MS))}`],
    },
    500,
  );
  const busy = own.filter((a) => a.start && a.end).map((a) => [Date.parse(a.start!), Date.parse(a.end!)] as const);
  const free = found.slots.filter((x) => !busy.some(([b, e]) => Date.parse(x.start) < e && Date.parse(x.end) > b));
  return { ...answer, slots: free };
}
