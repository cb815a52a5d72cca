/**
 * What a message says: the placeholder values for an appointment (times in the place's time
 * zone, formatted in the message's language with Intl), the rendered template, and for
 * email the calendar entry.
 */
import type { Appointment, Patient } from '@medplum/fhirtypes';
import { participantDisplay } from '../scheduling/appointment-parts.ts';
import { displayOf } from '../scheduling/fhir-terms.ts';
import { FALLBACK_WORDS, type TemplateText } from './default-templates.ts';
import { addressOf, calendarFile } from './ics.ts';
import type { MessageKind } from './notification-terms.ts';
import { renderTemplate, type PlaceholderValues } from './template-text.ts';

export interface AppointmentFacts {
  start: Date;
  end: Date;
  timeZone: string;
  patientName: string;
  practitioner?: string;
  location?: string;
  service?: string;
}

export function appointmentFacts(appointment: Appointment, patient: Patient | undefined, timeZone: string): AppointmentFacts {
  const start = new Date(appointment.start!);
  const end = appointment.end ? new Date(appointment.end) : new Date(start.getTime() + (appointment.minutesDuration ?? 15) * 60_000);
  const practitioner = participantDisplay(appointment, 'Practitioner');
  const location = participantDisplay(appointment, 'Location');
  const service = participantDisplay(appointment, 'HealthcareService') ?? appointment.appointmentType?.text;
  return {
    start,
    end,
    timeZone,
    patientName: (patient && displayOf(patient)) ?? participantDisplay(appointment, 'Patient') ?? '',
    ...(practitioner ? { practitioner } : {}),
    ...(location ? { location } : {}),
    ...(service ? { service } : {}),
  };
}

/** A language Intl can format in ('en' for anything it does not know). */
function intlLanguage(language: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([language])[0] ?? 'en';
  } catch {
    return 'en';
  }
}

export function placeholderValues(f: AppointmentFacts, language: string): PlaceholderValues {
  const lang = intlLanguage(language);
  const fmt = (d: Date, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, { ...o, timeZone: f.timeZone }).format(d);
  const words = FALLBACK_WORDS[language.split('-')[0]!] ?? FALLBACK_WORDS.en!;
  return {
    patientName: f.patientName,
    start: fmt(f.start, { dateStyle: 'full', timeStyle: 'short' }),
    date: fmt(f.start, { dateStyle: 'full' }),
    time: fmt(f.start, { timeStyle: 'short' }),
    end: fmt(f.end, { timeStyle: 'short' }),
    timeZone: f.timeZone,
    practitioner: f.practitioner ?? words.practitioner,
    location: f.location ?? words.location,
    service: f.service ?? words.service,
  };
}

export interface RenderedMessage {
  subject?: string;
  text: string;
}

export function renderMessage(template: TemplateText, values: PlaceholderValues): RenderedMessage {
  return {
    ...(template.subject !== undefined
      ? {
          subject: renderTemplate(template.subject, values)
            .replace(/[\r\n]+/g, ' ')
            .trim(),
        }
      : {}),
    text: renderTemplate(template.body, values),
  };
}

/** The appointment's calendar entry: one UID per appointment, SEQUENCE from its version. */
export function appointmentCalendar(
  appointment: Appointment,
  f: AppointmentFacts,
  kind: MessageKind,
  opts: { from: string; to: string; summary: string; now: Date },
): string {
  return calendarFile({
    method: kind === 'cancelled' ? 'CANCEL' : 'REQUEST',
    uid: `appointment-${appointment.id}@hale`,
    sequence: Number(appointment.meta?.versionId ?? 1),
    start: f.start,
    end: f.end,
    summary: opts.summary,
    ...(f.location ? { location: f.location } : {}),
    ...(f.practitioner ? { description: f.practitioner } : {}),
    organizer: addressOf(opts.from),
    attendee: { ...(f.patientName ? { name: f.patientName } : {}), email: opts.to },
    stamp: opts.now,
  });
}
