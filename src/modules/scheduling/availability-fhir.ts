/**
 * Availability <-> FHIR Schedule. One Schedule per practitioner and location, with a
 * deterministic id (two saves of the same pair at once update one resource, never make
 * two). The Schedule's actors are the Practitioner, the Location and the offered
 * HealthcareServices, so FHIR search finds schedules by any of them; the rules themselves
 * sit in one complex extension (AVAILABILITY_EXTENSION), described in docs/scheduling.md.
 */
import { createHash } from 'node:crypto';
import type { Extension, Schedule } from '@medplum/fhirtypes';
import { AVAILABILITY_EXTENSION } from './fhir-terms.ts';
import type {
  AvailabilityBreak,
  AvailabilityException,
  AvailabilityRule,
  LocationAvailability,
  ScheduleAvailability,
} from './availability.ts';

export function scheduleIdFor(practitionerId: string, locationId: string): string {
  return `avail-${createHash('sha256').update(`${practitionerId}|${locationId}`).digest('hex').slice(0, 40)}`;
}

const time = (hhmm: string) => `${hhmm}:00`;
const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

function ruleExtension(r: AvailabilityRule): Extension {
  return {
    url: 'rule',
    extension: [
      { url: 'rrule', valueString: r.rrule },
      { url: 'start', valueTime: time(r.start) },
      { url: 'durationMinutes', valuePositiveInt: r.durationMinutes },
      ...(r.validFrom ? [{ url: 'validFrom', valueDate: r.validFrom }] : []),
      ...(r.validUntil ? [{ url: 'validUntil', valueDate: r.validUntil }] : []),
    ],
  };
}

function breakExtension(b: AvailabilityBreak): Extension {
  return {
    url: 'break',
    extension: [
      { url: 'start', valueTime: time(b.start) },
      { url: 'end', valueTime: time(b.end) },
      ...(b.rrule ? [{ url: 'rrule', valueString: b.rrule }] : []),
    ],
  };
}

function exceptionExtension(e: AvailabilityException): Extension {
  // A Period with day precision covers the whole of its days, as FHIR reads it.
  const to = e.to ?? (isDay(e.from) ? e.from : undefined);
  return {
    url: 'exception',
    extension: [
      { url: 'period', valuePeriod: { start: e.from, ...(to ? { end: to } : {}) } },
      { url: 'reason', valueString: e.reason },
    ],
  };
}

export function toSchedule(
  practitioner: { id: string; display?: string },
  location: { id: string; display?: string },
  a: LocationAvailability,
  services: { id: string; display?: string }[],
): Schedule {
  const ref = (type: string, x: { id: string; display?: string }) => ({
    reference: `${type}/${x.id}`,
    ...(x.display ? { display: x.display } : {}),
  });
  return {
    resourceType: 'Schedule',
    id: scheduleIdFor(practitioner.id, location.id),
    extension: [
      {
        url: AVAILABILITY_EXTENSION,
        extension: [
          { url: 'timeZone', valueCode: a.timeZone },
          { url: 'slotMinutes', valuePositiveInt: a.slotMinutes },
          ...a.rules.map(ruleExtension),
          ...a.breaks.map(breakExtension),
          ...a.exceptions.map(exceptionExtension),
        ],
      },
    ],
    active: true,
    ...(a.specialties.length
      ? {
          specialty: a.specialties.map((s) => ({
            coding: [{ ...(s.system ? { system: s.system } : {}), code: s.code, ...(s.display ? { display: s.display } : {}) }],
          })),
        }
      : {}),
    actor: [ref('Practitioner', practitioner), ref('Location', location), ...services.map((s) => ref('HealthcareService', s))],
    comment: `Availability of ${practitioner.display ?? `Practitioner/${practitioner.id}`} at ${location.display ?? `Location/${location.id}`}; slots are computed on demand (GET /api/v1/scheduling/slots)`,
  };
}

const sub = (e: Extension, url: string) => e.extension?.find((x) => x.url === url);
const hhmm = (t: string | undefined) => (t ?? '').slice(0, 5);

/** The availability a Schedule holds, or undefined for a Schedule not made from availability. */
export function fromSchedule(s: Schedule): ScheduleAvailability | undefined {
  const ext = s.extension?.find((e) => e.url === AVAILABILITY_EXTENSION);
  if (!ext || !s.id) return undefined;
  const actors = s.actor ?? [];
  const idOf = (type: string) =>
    actors.filter((a) => a.reference?.startsWith(`${type}/`)).map((a) => ({ id: a.reference!.slice(type.length + 1), display: a.display }));
  const practitioner = idOf('Practitioner')[0];
  const location = idOf('Location')[0];
  if (!practitioner || !location) return undefined;
  const parts = ext.extension ?? [];
  const rules: AvailabilityRule[] = parts
    .filter((p) => p.url === 'rule')
    .map((p) => ({
      rrule: sub(p, 'rrule')?.valueString ?? '',
      start: hhmm(sub(p, 'start')?.valueTime),
      durationMinutes: sub(p, 'durationMinutes')?.valuePositiveInt ?? 0,
      ...(sub(p, 'validFrom')?.valueDate ? { validFrom: sub(p, 'validFrom')!.valueDate! } : {}),
      ...(sub(p, 'validUntil')?.valueDate ? { validUntil: sub(p, 'validUntil')!.valueDate! } : {}),
    }));
  const breaks: AvailabilityBreak[] = parts
    .filter((p) => p.url === 'break')
    .map((p) => ({
      start: hhmm(sub(p, 'start')?.valueTime),
      end: hhmm(sub(p, 'end')?.valueTime),
      ...(sub(p, 'rrule')?.valueString ? { rrule: sub(p, 'rrule')!.valueString! } : {}),
    }));
  const exceptions: AvailabilityException[] = parts
    .filter((p) => p.url === 'exception')
    .map((p) => {
      const period = sub(p, 'period')?.valuePeriod ?? {};
      const from = period.start ?? '';
      const to = period.end && period.end !== from ? period.end : undefined;
      return { from, ...(to ? { to } : {}), reason: sub(p, 'reason')?.valueString ?? '' };
    });
  return {
    scheduleId: s.id,
    practitionerId: practitioner.id,
    ...(practitioner.display ? { practitionerDisplay: practitioner.display } : {}),
    locationId: location.id,
    ...(location.display ? { locationDisplay: location.display } : {}),
    active: s.active !== false,
    timeZone: parts.find((p) => p.url === 'timeZone')?.valueCode ?? 'UTC',
    slotMinutes: parts.find((p) => p.url === 'slotMinutes')?.valuePositiveInt ?? 15,
    rules,
    breaks,
    exceptions,
    specialties: (s.specialty ?? []).flatMap((c) =>
      (c.coding ?? [])
        .filter((x) => x.code)
        .map((x) => ({ ...(x.system ? { system: x.system } : {}), code: x.code!, ...(x.display ? { display: x.display } : {}) })),
    ),
    serviceIds: idOf('HealthcareService').map((x) => x.id),
  };
}
