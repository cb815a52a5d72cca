/**
 * The body of POST /api/v1/appointments, checked field by field:
 * `{ patientId, practitionerId, locationId?, serviceId?, start, end? | durationMinutes?, type,
 *    reason?, priority?, notes?, overbook?: { reason } }`.
 */
import { APPOINTMENT_TYPES, PRIORITIES, type AppointmentType, type Priority } from './fhir-terms.ts';
import { FieldErrors, at, instant, isObject, oneOf, resourceId, text, unknownKeys, wholeNumber, type Json } from './field-errors.ts';

export interface BookingInput {
  patientId: string;
  practitionerId: string;
  locationId?: string;
  serviceId?: string;
  start: Date;
  /** Absent: from durationMinutes, else the service's duration, else the schedule's slot length. */
  end?: Date;
  durationMinutes?: number;
  type: AppointmentType;
  reason?: string;
  priority: Priority;
  notes?: string;
  overbook?: { reason: string };
}

/** Start, and end or durationMinutes, with end after start: shared by booking and rescheduling. */
export function timesOf(errors: FieldErrors, b: Json): { start?: Date; end?: Date; durationMinutes?: number } {
  const start = instant(errors, b.start, 'start', { required: true });
  const end = instant(errors, b.end, 'end');
  const durationMinutes = wholeNumber(errors, b.durationMinutes, 'durationMinutes', 1, 1440);
  if (end && durationMinutes !== undefined) errors.add('durationMinutes', 'cannot be given with end; give one');
  if (start && end && end.getTime() <= start.getTime()) errors.add('end', 'must be after start');
  return { ...(start ? { start } : {}), ...(end ? { end } : {}), ...(durationMinutes !== undefined ? { durationMinutes } : {}) };
}

export function overbookOf(errors: FieldErrors, value: unknown): { reason: string } | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (!isObject(value)) {
    errors.add('overbook', 'must be { "reason": "..." }: why this appointment may go over the schedule');
    return undefined;
  }
  unknownKeys(errors, value, 'overbook', ['reason']);
  const reason = text(errors, value.reason, at('overbook', 'reason'), { required: true, max: 500 });
  return reason ? { reason } : undefined;
}

export function validateBooking(body: unknown): BookingInput {
  const errors = new FieldErrors();
  if (!isObject(body)) {
    errors.add('patientId', 'is required: the body is a JSON object');
    errors.throwIfAny('The booking');
  }
  const b = body as Json;
  unknownKeys(errors, b, '', [
    'patientId',
    'practitionerId',
    'locationId',
    'serviceId',
    'start',
    'end',
    'durationMinutes',
    'type',
    'reason',
    'priority',
    'notes',
    'overbook',
  ]);
  const patientId = resourceId(errors, b.patientId, 'patientId', { required: true });
  const practitionerId = resourceId(errors, b.practitionerId, 'practitionerId', { required: true });
  const locationId = resourceId(errors, b.locationId, 'locationId');
  const serviceId = resourceId(errors, b.serviceId, 'serviceId');
  const times = timesOf(errors, b);
  const type = oneOf(errors, b.type, 'type', APPOINTMENT_TYPES, { required: true });
  const reason = text(errors, b.reason, 'reason', { max: 500 });
  const priority = oneOf(errors, b.priority, 'priority', Object.keys(PRIORITIES) as Priority[]) ?? 'routine';
  const notes = text(errors, b.notes, 'notes', { max: 2000 });
  const overbook = overbookOf(errors, b.overbook);
  errors.throwIfAny('The booking');
  return {
    patientId: patientId!,
    practitionerId: practitionerId!,
    ...(locationId ? { locationId } : {}),
    ...(serviceId ? { serviceId } : {}),
    start: times.start!,
    ...(times.end ? { end: times.end } : {}),
    ...(times.durationMinutes !== undefined ? { durationMinutes: times.durationMinutes } : {}),
    type: type!,
    ...(reason ? { reason } : {}),
    priority,
    ...(notes ? { notes } : {}),
    ...(overbook ? { overbook } : {}),
  };
}
