/**
 * The FHIR vocabulary of scheduling: Hale's extension URLs and code systems, and the
 * mappings from the task API's words (appointment types, priorities) to FHIR elements.
 * docs/scheduling.md describes each extension.
 */
import { OVERBOOK_EXTENSION } from '../../fhir/store/appointment-busy.ts';

const SD = 'https://hale.health/fhir/StructureDefinition';

export { OVERBOOK_EXTENSION };
/** On a Schedule: the weekly rules, slot length, breaks, exceptions and time zone it was made from. */
export const AVAILABILITY_EXTENSION = `${SD}/schedule-availability`;
/** On an Appointment, repeating: one entry per status change (status, at, by, reason, action, previous times). */
export const STATUS_HISTORY_EXTENSION = `${SD}/appointment-status-history`;
/** On a waitlist Appointment: the proposed Appointment offered to it when a slot freed up. */
export const WAITLIST_OFFER_EXTENSION = `${SD}/waitlist-offer`;
/** On a HealthcareService: how long one appointment for it takes (valueDuration in min or h). */
export const SERVICE_DURATION_EXTENSION = `${SD}/service-duration`;
/** On a HealthcareService, repeating: an appointment type (valueCode, see APPOINTMENT_TYPES) it can be booked for. */
export const SERVICE_APPOINTMENT_TYPE_EXTENSION = `${SD}/service-appointment-type`;
/** On a Location: its IANA time zone (valueCode), the HL7 extension of that name. */
export const TIMEZONE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/timezone';

export const APPOINTMENT_TYPE_SYSTEM = 'https://hale.health/fhir/CodeSystem/appointment-type';
const V2_0276 = 'http://terminology.hl7.org/CodeSystem/v2-0276';

export const APPOINTMENT_TYPES = ['consultation', 'follow-up', 'procedure', 'emergency', 'telemedicine'] as const;
export type AppointmentType = (typeof APPOINTMENT_TYPES)[number];

const TYPE_INFO: Record<AppointmentType, { display: string; v2?: [string, string] }> = {
  consultation: { display: 'Consultation', v2: ['ROUTINE', 'Routine appointment - default if not valued'] },
  'follow-up': { display: 'Follow-up', v2: ['FOLLOWUP', 'A follow up visit from a previous appointment'] },
  procedure: { display: 'Procedure' },
  emergency: { display: 'Emergency', v2: ['EMERGENCY', 'Emergency appointment'] },
  telemedicine: { display: 'Telemedicine' },
};

/** Appointment.appointmentType: Hale's code, and the HL7 v2 table 0276 code where one fits. */
export function appointmentTypeConcept(type: AppointmentType): {
  coding: { system: string; code: string; display: string }[];
  text: string;
} {
  const info = TYPE_INFO[type];
  const coding: { system: string; code: string; display: string }[] = [
    { system: APPOINTMENT_TYPE_SYSTEM, code: type, display: info.display },
  ];
  if (info.v2) coding.push({ system: V2_0276, code: info.v2[0], display: info.v2[1] });
  return { coding, text: info.display };
}

export function appointmentTypeOf(appointment: {
  appointmentType?: { coding?: { system?: string; code?: string }[] };
}): AppointmentType | undefined {
  const code = appointment.appointmentType?.coding?.find((c) => c.system === APPOINTMENT_TYPE_SYSTEM)?.code;
  return (APPOINTMENT_TYPES as readonly string[]).includes(code ?? '') ? (code as AppointmentType) : undefined;
}

/** Appointment.priority is an unsignedInt, lower is more urgent (0 = not set); the task API uses ServiceRequest's words. */
export const PRIORITIES = { stat: 1, asap: 2, urgent: 3, routine: 5 } as const;
export type Priority = keyof typeof PRIORITIES;

export function priorityName(n: number | undefined): Priority | undefined {
  if (!n) return undefined;
  if (n <= 1) return 'stat';
  if (n === 2) return 'asap';
  if (n <= 4) return 'urgent';
  return 'routine';
}

const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const PRIMARY_PERFORMER = { coding: [{ system: PARTICIPATION, code: 'PPRF', display: 'primary performer' }] };

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
/** Encounter.class for a checked-in appointment of each type. */
export function encounterClass(type: AppointmentType | undefined): { system: string; code: string; display: string } {
  if (type === 'telemedicine') return { system: ACT_CODE, code: 'VR', display: 'virtual' };
  if (type === 'emergency') return { system: ACT_CODE, code: 'EMER', display: 'emergency' };
  return { system: ACT_CODE, code: 'AMB', display: 'ambulatory' };
}

type Named = {
  resourceType?: string;
  name?: unknown;
};

/** A name people read: 'Dr Dana Doe' for a person, the name of a place or service. */
export function displayOf(resource: Named | undefined): string | undefined {
  const name = resource?.name;
  if (typeof name === 'string') return name;
  if (!Array.isArray(name) || !name.length) return undefined;
  const n = (name.find((x: { use?: string }) => x?.use === 'official') ?? name[0]) as {
    text?: string;
    prefix?: string[];
    given?: string[];
    family?: string;
  };
  const parts = [...(n.prefix ?? []), ...(n.given ?? []), ...(n.family ? [n.family] : [])];
  return parts.length ? parts.join(' ') : n.text;
}
