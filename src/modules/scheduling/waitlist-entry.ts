/** A waitlist entry (an Appointment in status waitlist) as the waitlist screen shows it, with its offer. */
import type { Appointment } from '@medplum/fhirtypes';
import { participantDisplay, participantId } from './appointment-parts.ts';
import { summarize, type AppointmentSummary } from './appointment-summary.ts';
import { appointmentTypeOf } from './fhir-terms.ts';

export interface WaitlistEntry {
  id: string;
  status: string;
  patient?: { id: string; display?: string };
  practitioner?: { id: string; display?: string };
  location?: { id: string; display?: string };
  from?: string;
  to?: string;
  type?: string;
  note?: string;
  addedAt?: string;
  /** The proposed appointment offered when a slot freed up, or null. */
  offer: AppointmentSummary | null;
}

export function summarizeEntry(e: Appointment, offer: Appointment | undefined, offerZone: string | undefined): WaitlistEntry {
  const who = (type: 'Patient' | 'Practitioner' | 'Location') => {
    const id = participantId(e, type);
    const display = participantDisplay(e, type);
    return id ? { id, ...(display ? { display } : {}) } : undefined;
  };
  const patient = who('Patient');
  const practitioner = who('Practitioner');
  const location = who('Location');
  const period = e.requestedPeriod?.[0];
  const type = appointmentTypeOf(e);
  return {
    id: e.id!,
    status: e.status ?? '',
    ...(patient ? { patient } : {}),
    ...(practitioner ? { practitioner } : {}),
    ...(location ? { location } : {}),
    ...(period?.start ? { from: period.start } : {}),
    ...(period?.end ? { to: period.end } : {}),
    ...(type ? { type } : {}),
    ...(e.comment ? { note: e.comment } : {}),
    ...(e.created ? { addedAt: e.created } : {}),
    offer: offer ? summarize(offer, offerZone) : null,
  };
}
