/**
 * An appointment as the portal shows it to its patient: when (UTC and in the room's zone),
 * with whom, where, for which service, and whether the patient may still cancel or move it
 * online, and if not, why not, in a sentence. Staff notes and overbook marks are not shown.
 */
import type { Appointment } from '@medplum/fhirtypes';
import { participantDisplay, participantId } from '../scheduling/appointment-parts.ts';
import { summarize, type AppointmentSummary } from '../scheduling/appointment-summary.ts';
import { changeDeadline, type PortalRules } from './portal-rules.ts';
import { hoursText } from './rule-refusals.ts';

/** The staff list row without what is not the patient's to see (staff notes, overbook marks) or says nothing new to them. */
export type PortalAppointment = Omit<AppointmentSummary, 'patient' | 'priority' | 'notes' | 'overbook'> & {
  service?: { id: string; display?: string };
  canCancel: boolean;
  canReschedule: boolean;
  /** Why the patient cannot cancel or move it online (when they cannot). */
  notChangeableReason?: string;
  /** The last moment the patient may cancel or move it online (when they still may). */
  changeableUntil?: string;
};

const CHANGEABLE = ['booked', 'pending'];

const STATUS_WORDS: Record<string, string> = {
  cancelled: 'This appointment is cancelled.',
  noshow: 'This appointment was missed.',
  arrived: 'You have checked in for this appointment.',
  'checked-in': 'You have checked in for this appointment.',
  fulfilled: 'This appointment has taken place.',
};

/**
 * May the patient cancel or move it online now? `rules` are the appointment's service's;
 * undefined when it names no service.
 */
export function onlineChange(
  a: Appointment,
  rules: PortalRules | undefined,
  now: Date,
  doing: 'cancel' | 'move' | 'cancel or move' = 'cancel or move',
): { allowed: true; until: Date } | { allowed: false; reason: string; field: string } {
  if (!CHANGEABLE.includes(a.status ?? '')) {
    return {
      allowed: false,
      field: 'status',
      reason: STATUS_WORDS[a.status ?? ''] ?? `This appointment is ${a.status} and cannot be changed.`,
    };
  }
  const start = a.start ? new Date(a.start) : undefined;
  if (!start || start.getTime() <= now.getTime()) {
    return { allowed: false, field: 'appointment', reason: 'This appointment has already started; call the clinic about it.' };
  }
  if (!rules?.enabled) {
    return {
      allowed: false,
      field: 'appointment',
      reason: `This appointment cannot be changed online; call the clinic to ${doing} it.`,
    };
  }
  const until = changeDeadline(rules, start);
  if (now.getTime() > until.getTime()) {
    return {
      allowed: false,
      field: 'appointment',
      reason: `Online booking closes ${hoursText(rules.cancelCutoffHours)} before the start; call the clinic to ${doing} it.`,
    };
  }
  return { allowed: true, until };
}

export function portalView(a: Appointment, timeZone: string | undefined, rules: PortalRules | undefined, now: Date): PortalAppointment {
  const { patient: _patient, priority: _priority, notes: _notes, overbook: _overbook, ...shown } = summarize(a, timeZone);
  const serviceId = participantId(a, 'HealthcareService');
  const serviceDisplay = participantDisplay(a, 'HealthcareService');
  const change = onlineChange(a, rules, now);
  return {
    ...shown,
    ...(serviceId ? { service: { id: serviceId, ...(serviceDisplay ? { display: serviceDisplay } : {}) } } : {}),
    canCancel: change.allowed,
    canReschedule: change.allowed,
    ...(change.allowed ? { changeableUntil: change.until.toISOString() } : { notChangeableReason: change.reason }),
  };
}
