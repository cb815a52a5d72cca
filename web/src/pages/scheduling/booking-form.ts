/**
 * The booking form's values, the request they make (a free slot, or a time over the schedule
 * with its reason), and where the server's field errors go: the server names its request
 * fields (`start`, `practitionerId`, `overbook.reason`), the form shows them at the control
 * the user filled in for it (the chosen slot, or the over-the-schedule time).
 */
import type { BookingBody, SlotView } from './scheduling-api.ts';
import type { PatientSummary } from './PatientPicker.tsx';
import { browserZone, instantAt, minutesOf } from './zone-time.ts';

export interface BookingValues {
  patient?: PatientSummary;
  practitionerId: string;
  specialty: string;
  serviceId: string;
  locationId: string;
  from: string;
  to: string;
  slot?: SlotView;
  type: string;
  reason: string;
  priority: string;
  notes: string;
  overbook: boolean;
  overbookReason: string;
  /** Local date-time in the room's zone, YYYY-MM-DDTHH:MM (the datetime-local input). */
  overbookStart: string;
  durationMinutes: string;
}

export function emptyBooking(today: string, init: Partial<BookingValues> = {}): BookingValues {
  return {
    practitionerId: '',
    specialty: '',
    serviceId: '',
    locationId: '',
    from: today,
    to: today,
    type: 'consultation',
    reason: '',
    priority: 'routine',
    notes: '',
    overbook: false,
    overbookReason: '',
    overbookStart: '',
    durationMinutes: '20',
    ...init,
  };
}

/** Problems the form finds before asking the server, by form field. */
export function checkBooking(v: BookingValues): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.patient) e.patient = 'Choose the patient';
  if (!v.type) e.type = 'Choose the type';
  if (v.overbook) {
    if (!v.practitionerId) e.practitionerId = 'Choose the practitioner';
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v.overbookStart)) e.overbookStart = 'Give the date and time';
    if (!v.overbookReason.trim()) e.overbookReason = 'Say why this appointment goes over the schedule: it is audited';
    const n = Number(v.durationMinutes);
    if (!Number.isInteger(n) || n < 1 || n > 1440) e.durationMinutes = 'Minutes, 1 to 1440';
  } else if (!v.slot) e.slot = 'Choose a free time, or book over the schedule';
  return e;
}

/** The POST /api/v1/appointments body. `zoneOf` gives a room's zone (for a typed time over the schedule). */
export function bookingBody(v: BookingValues, zoneOf: (locationId: string) => string | undefined): BookingBody {
  const common = {
    patientId: v.patient!.id,
    type: v.type,
    priority: v.priority,
    ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
    ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
    ...(v.serviceId ? { serviceId: v.serviceId } : {}),
  };
  if (v.overbook) {
    const [date, time] = v.overbookStart.split('T') as [string, string];
    const zone = (v.locationId && zoneOf(v.locationId)) || browserZone();
    return {
      ...common,
      practitionerId: v.practitionerId,
      ...(v.locationId ? { locationId: v.locationId } : {}),
      start: instantAt(date, minutesOf(time) ?? 0, zone).toISOString(),
      durationMinutes: Number(v.durationMinutes),
      overbook: { reason: v.overbookReason.trim() },
    };
  }
  const s = v.slot!;
  return { ...common, practitionerId: s.practitioner.id, locationId: s.location.id, start: s.start, end: s.end };
}

/** The form field that shows a server error about `serverField`. */
export function bookingFieldFor(serverField: string | undefined, overbook: boolean): string | undefined {
  switch (serverField) {
    case 'patientId':
      return 'patient';
    case 'practitionerId':
    case 'locationId':
      return overbook ? serverField : 'slot';
    case 'start':
    case 'end':
      return overbook ? 'overbookStart' : 'slot';
    case 'durationMinutes':
      return overbook ? 'durationMinutes' : 'slot';
    case 'overbook':
    case 'overbook.reason':
      return 'overbookReason';
    case 'serviceId':
    case 'type':
    case 'reason':
    case 'priority':
    case 'notes':
      return serverField;
    default:
      return undefined;
  }
}
