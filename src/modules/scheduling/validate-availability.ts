/**
 * The body of PUT /api/v1/scheduling/availability/:practitionerId, checked field by field:
 * `{ locations: [{ locationId, timeZone?, slotMinutes, rules, breaks, exceptions, specialties?, serviceIds? }] }`.
 * A bad RRULE, a break outside the day or an exception ending before it starts is a 422
 * naming the field (`locations[0].rules[1].rrule`).
 */
import type { AvailabilityBreak, AvailabilityException, AvailabilityRule, Coded } from './availability.ts';
import {
  FieldErrors,
  at,
  calendarDate,
  dayOrInstant,
  isObject,
  list,
  minutesOf,
  resourceId,
  text,
  timeOfDay,
  unknownKeys,
  wholeNumber,
  type Json,
} from './field-errors.ts';
import { parseRrule } from './recurrence.ts';
import { isTimeZone } from './zoned-time.ts';

export interface AvailabilityInput {
  locationId: string;
  /** Given in the request; the Location's own zone wins when it has one (put-availability.ts). */
  timeZone?: string;
  slotMinutes: number;
  rules: AvailabilityRule[];
  breaks: AvailabilityBreak[];
  exceptions: AvailabilityException[];
  /** Undefined: taken from the practitioner's roles. */
  specialties?: Coded[];
  serviceIds: string[];
}

function rrule(errors: FieldErrors, value: unknown, field: string, required: boolean): string | undefined {
  const raw = text(errors, value, field, { required, max: 500 });
  if (raw === undefined) return undefined;
  const parsed = parseRrule(raw);
  if ('error' in parsed) {
    errors.add(field, parsed.error);
    return undefined;
  }
  return parsed.rrule;
}

function rule(errors: FieldErrors, v: Json, f: string): AvailabilityRule | undefined {
  unknownKeys(errors, v, f, ['rrule', 'start', 'end', 'durationMinutes', 'validFrom', 'validUntil']);
  const r = rrule(errors, v.rrule, at(f, 'rrule'), true);
  const start = timeOfDay(errors, v.start, at(f, 'start'), { required: true });
  let duration = wholeNumber(errors, v.durationMinutes, at(f, 'durationMinutes'), 1, 1440);
  const end = timeOfDay(errors, v.end, at(f, 'end'));
  if (duration === undefined && end === undefined && v.durationMinutes === undefined && v.end === undefined) {
    errors.add(at(f, 'durationMinutes'), 'is required (or give end, HH:MM)');
  }
  if (duration !== undefined && end !== undefined) errors.add(at(f, 'end'), 'cannot be given with durationMinutes; give one');
  if (duration === undefined && end !== undefined && start !== undefined) {
    if (minutesOf(end) <= minutesOf(start)) errors.add(at(f, 'end'), 'must be after start (use durationMinutes for a block past midnight)');
    else duration = minutesOf(end) - minutesOf(start);
  }
  const validFrom = calendarDate(errors, v.validFrom, at(f, 'validFrom'));
  const validUntil = calendarDate(errors, v.validUntil, at(f, 'validUntil'));
  if (validFrom && validUntil && validUntil < validFrom) errors.add(at(f, 'validUntil'), 'must not be before validFrom');
  if (!r || !start || duration === undefined) return undefined;
  return { rrule: r, start, durationMinutes: duration, ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}) };
}

function breakOf(errors: FieldErrors, v: Json, f: string): AvailabilityBreak | undefined {
  unknownKeys(errors, v, f, ['start', 'end', 'rrule']);
  const start = timeOfDay(errors, v.start, at(f, 'start'), { required: true });
  const end = timeOfDay(errors, v.end, at(f, 'end'), { required: true });
  const r = rrule(errors, v.rrule, at(f, 'rrule'), false);
  if (start && end && minutesOf(end) <= minutesOf(start)) {
    errors.add(at(f, 'end'), 'must be after start, on the same day');
    return undefined;
  }
  if (!start || !end) return undefined;
  return { start, end, ...(r ? { rrule: r } : {}) };
}

function exceptionOf(errors: FieldErrors, v: Json, f: string): AvailabilityException | undefined {
  unknownKeys(errors, v, f, ['from', 'to', 'reason']);
  const from = dayOrInstant(errors, v.from, at(f, 'from'), { required: true });
  const to = dayOrInstant(errors, v.to, at(f, 'to'));
  const reason = text(errors, v.reason, at(f, 'reason'), { required: true, max: 200 });
  if (!from) return undefined;
  if ('instant' in from && !to) {
    errors.add(at(f, 'to'), 'is required when from is a date-time (a lone day needs no end)');
    return undefined;
  }
  if (to && 'date' in from !== 'date' in to) {
    errors.add(at(f, 'to'), 'must be of the same kind as from: both days (YYYY-MM-DD) or both date-times');
    return undefined;
  }
  if (to && ('date' in from && 'date' in to ? to.date < from.date : 'instant' in from && 'instant' in to && to.instant <= from.instant)) {
    errors.add(at(f, 'to'), 'must not be before from');
    return undefined;
  }
  if (!reason) return undefined;
  const textOf = (x: { date: string } | { instant: Date }) => ('date' in x ? x.date : x.instant.toISOString().replace('.000Z', 'Z'));
  return { from: textOf(from), ...(to ? { to: textOf(to) } : {}), reason };
}

function coded(errors: FieldErrors, v: unknown, f: string): Coded | undefined {
  if (typeof v === 'string') {
    const code = text(errors, v, f, { required: true, max: 100 });
    return code ? { code } : undefined;
  }
  if (!isObject(v)) {
    errors.add(f, 'must be a code or {system, code, display}');
    return undefined;
  }
  unknownKeys(errors, v, f, ['system', 'code', 'display']);
  const system = text(errors, v.system, at(f, 'system'), { max: 300 });
  const code = text(errors, v.code, at(f, 'code'), { required: true, max: 100 });
  const display = text(errors, v.display, at(f, 'display'), { max: 200 });
  return code ? { code, ...(system ? { system } : {}), ...(display ? { display } : {}) } : undefined;
}

function objects(errors: FieldErrors, value: unknown, field: string, max: number): [Json, string][] {
  return list(errors, value, field, max).flatMap((v, i): [Json, string][] => {
    if (isObject(v)) return [[v, at(field, i)]];
    errors.add(at(field, i), 'must be an object');
    return [];
  });
}

export function validateAvailability(body: unknown, practitionerId: string): AvailabilityInput[] {
  const errors = new FieldErrors();
  resourceId(errors, practitionerId, 'practitionerId', { required: true });
  if (!isObject(body)) {
    errors.add('locations', 'is required: the body is { "locations": [...] }');
    errors.throwIfAny('The availability');
  }
  const b = body as Json;
  unknownKeys(errors, b, '', ['locations']);
  if (!Array.isArray(b.locations)) errors.add('locations', 'is required (a list; an empty list removes all availability)');
  const out: AvailabilityInput[] = [];
  const seen = new Set<string>();
  for (const [loc, f] of objects(errors, b.locations, 'locations', 50)) {
    unknownKeys(errors, loc, f, ['locationId', 'timeZone', 'slotMinutes', 'rules', 'breaks', 'exceptions', 'specialties', 'serviceIds']);
    const locationId = resourceId(errors, loc.locationId, at(f, 'locationId'), { required: true });
    if (locationId && seen.has(locationId)) errors.add(at(f, 'locationId'), 'appears twice; give each location once');
    if (locationId) seen.add(locationId);
    const timeZone = text(errors, loc.timeZone, at(f, 'timeZone'), { max: 64 });
    if (timeZone && !isTimeZone(timeZone)) errors.add(at(f, 'timeZone'), `'${timeZone}' is not an IANA time zone (like Europe/Berlin)`);
    const slotMinutes = wholeNumber(errors, loc.slotMinutes, at(f, 'slotMinutes'), 5, 480, { required: true });
    const rulesIn = objects(errors, loc.rules, at(f, 'rules'), 50);
    if (!rulesIn.length && Array.isArray(loc.rules)) errors.add(at(f, 'rules'), 'needs at least one rule');
    if (loc.rules === undefined) errors.add(at(f, 'rules'), 'is required');
    const rules = rulesIn.map(([r, rf]) => rule(errors, r, rf));
    const breaks = objects(errors, loc.breaks, at(f, 'breaks'), 50).map(([r, rf]) => breakOf(errors, r, rf));
    const exceptions = objects(errors, loc.exceptions, at(f, 'exceptions'), 500).map(([r, rf]) => exceptionOf(errors, r, rf));
    const specialties =
      loc.specialties === undefined
        ? undefined
        : list(errors, loc.specialties, at(f, 'specialties'), 20).map((s, i) => coded(errors, s, at(at(f, 'specialties'), i)));
    const serviceIds = list(errors, loc.serviceIds, at(f, 'serviceIds'), 50).map((s, i) =>
      resourceId(errors, s, at(at(f, 'serviceIds'), i), { required: true }),
    );
    if (!locationId || slotMinutes === undefined) continue;
    out.push({
      locationId,
      ...(timeZone ? { timeZone } : {}),
      slotMinutes,
      rules: rules.filter((r): r is AvailabilityRule => r !== undefined),
      breaks: breaks.filter((r): r is AvailabilityBreak => r !== undefined),
      exceptions: exceptions.filter((r): r is AvailabilityException => r !== undefined),
      ...(specialties ? { specialties: specialties.filter((s): s is Coded => s !== undefined) } : {}),
      serviceIds: serviceIds.filter((s): s is string => s !== undefined),
    });
  }
  errors.throwIfAny('The availability');
  return out;
}
