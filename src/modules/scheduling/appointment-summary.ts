/** An Appointment as a list row (reception day list, waitlist offers): who, when (UTC and local), what, which status. */
import type { Appointment } from '@medplum/fhirtypes';
import { isOverbooked, overbookReason, participantDisplay, participantId } from './appointment-parts.ts';
import { appointmentTypeOf, priorityName } from './fhir-terms.ts';
import { localIso } from './zoned-time.ts';

export interface AppointmentSummary {
  id: string;
  status: string;
  start?: string;
  end?: string;
  startLocal?: string;
  endLocal?: string;
  timeZone?: string;
  patient?: { id: string; display?: string };
  practitioner?: { id: string; display?: string };
  location?: { id: string; display?: string };
  type?: string;
  reason?: string;
  priority?: string;
  notes?: string;
  overbook?: { reason?: string };
}

function party(a: Appointment, type: 'Patient' | 'Practitioner' | 'Location'): { id: string; display?: string } | undefined {
  const id = participantId(a, type);
  if (!id) return undefined;
  const display = participantDisplay(a, type);
  return { id, ...(display ? { display } : {}) };
}

/** `timeZone`: the zone of the appointment's room, when known; local times are shown in it. */
export function summarize(a: Appointment, timeZone: string | undefined): AppointmentSummary {
  const local = (t: string | undefined) => (t && timeZone ? localIso(new Date(t), timeZone) : undefined);
  const patient = party(a, 'Patient');
  const practitioner = party(a, 'Practitioner');
  const location = party(a, 'Location');
  const type = appointmentTypeOf(a);
  const priority = priorityName(a.priority);
  const reason = a.reasonCode?.[0]?.text ?? a.description;
  return {
    id: a.id!,
    status: a.status ?? '',
    ...(a.start ? { start: a.start, startLocal: local(a.start) } : {}),
    ...(a.end ? { end: a.end, endLocal: local(a.end) } : {}),
    ...(timeZone && a.start ? { timeZone } : {}),
    ...(patient ? { patient } : {}),
    ...(practitioner ? { practitioner } : {}),
    ...(location ? { location } : {}),
    ...(type ? { type } : {}),
    ...(reason ? { reason } : {}),
    ...(priority ? { priority } : {}),
    ...(a.comment ? { notes: a.comment } : {}),
    ...(isOverbooked(a) ? { overbook: { ...(overbookReason(a) ? { reason: overbookReason(a) } : {}) } } : {}),
  };
}
