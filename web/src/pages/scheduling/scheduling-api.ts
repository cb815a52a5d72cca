/** The scheduling calls of /api/v1/scheduling and /api/v1/appointments (docs/scheduling.md). */
import type { Appointment, Encounter } from '@medplum/fhirtypes';
import { api } from '../../api/http.ts';
import type { AppointmentSummary } from '../../../../src/modules/scheduling/appointment-summary.ts';
import type { AppointmentList } from '../../../../src/modules/scheduling/list-appointments.ts';
import type { SlotView, SlotsAnswer } from '../../../../src/modules/scheduling/find-slots.ts';
import type { HistoryAnswer } from '../../../../src/modules/scheduling/get-history.ts';
import type { StatusChange } from '../../../../src/modules/scheduling/status-history.ts';
import type { WaitlistEntry } from '../../../../src/modules/scheduling/waitlist-entry.ts';
import type { AvailabilityView } from '../../../../src/modules/scheduling/get-availability.ts';
import type { AvailabilityRule, AvailabilityBreak, AvailabilityException } from '../../../../src/modules/scheduling/availability.ts';

export type {
  AppointmentSummary,
  AppointmentList,
  SlotView,
  HistoryAnswer,
  StatusChange,
  WaitlistEntry,
  AvailabilityView,
  AvailabilityRule,
  AvailabilityBreak,
  AvailabilityException,
};

const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  return q.toString();
};
const appt = (id: string, step: string) => `/api/v1/appointments/${encodeURIComponent(id)}/${step}`;

export interface ListParams {
  practitioner?: string;
  location?: string;
  patient?: string;
  date?: string;
  from?: string;
  to?: string;
  tz?: string;
  status?: string;
}

export const listAppointments = (params: ListParams, signal?: AbortSignal) =>
  api<AppointmentList>(`/api/v1/appointments?${query({ ...params })}`, { signal });

export interface SlotParams {
  practitioner?: string;
  location?: string;
  service?: string;
  specialty?: string;
  from?: string;
  to?: string;
  earliest?: boolean;
  limit?: number;
}

export const findSlots = (params: SlotParams, signal?: AbortSignal) =>
  api<SlotsAnswer>(
    `/api/v1/scheduling/slots?${query({ ...params, earliest: params.earliest ? 'true' : undefined, limit: params.limit ? String(params.limit) : undefined })}`,
    { signal },
  );

export interface BookingBody {
  patientId: string;
  practitionerId: string;
  locationId?: string;
  serviceId?: string;
  start: string;
  end?: string;
  durationMinutes?: number;
  type: string;
  reason?: string;
  priority?: string;
  notes?: string;
  overbook?: { reason: string };
}

export const bookAppointment = (body: BookingBody) => api<Appointment>('/api/v1/appointments', { method: 'POST', body });

export const rescheduleAppointment = (id: string, body: { start: string; end?: string; reason: string; overbook?: { reason: string } }) =>
  api<Appointment>(appt(id, 'reschedule'), { method: 'POST', body });

export const cancelAppointment = (id: string, reason: string) =>
  api<{ appointment: Appointment; waitlistOffer: { entryId: string; offerId: string; patientId: string } | null }>(appt(id, 'cancel'), {
    method: 'POST',
    body: { reason },
  });

export type VisitStep = 'check-in' | 'start' | 'complete';

export const visitStep = (id: string, step: VisitStep) =>
  api<{ appointment: Appointment; encounter: Encounter }>(appt(id, step), { method: 'POST', body: {} });

export const appointmentHistory = (id: string, signal?: AbortSignal) => api<HistoryAnswer>(appt(id, 'history'), { signal });

export const listWaitlist = (practitioner: string, signal?: AbortSignal) =>
  api<{ entries: WaitlistEntry[] }>(`/api/v1/scheduling/waitlist?${query({ practitioner })}`, { signal });

export interface WaitlistBody {
  patientId: string;
  practitionerId: string;
  locationId?: string;
  from?: string;
  to?: string;
  type?: string;
  note?: string;
}

export const addToWaitlist = (body: WaitlistBody) => api<WaitlistEntry>('/api/v1/scheduling/waitlist', { method: 'POST', body });

export const getAvailability = (practitionerId: string, signal?: AbortSignal) =>
  api<AvailabilityView>(`/api/v1/scheduling/availability/${encodeURIComponent(practitionerId)}`, { signal });

export interface AvailabilityLocationBody {
  locationId: string;
  slotMinutes: number;
  rules: (Omit<AvailabilityRule, 'durationMinutes'> & { durationMinutes?: number; end?: string })[];
  breaks: AvailabilityBreak[];
  exceptions: AvailabilityException[];
  serviceIds: string[];
  timeZone?: string;
}

export const putAvailability = (practitionerId: string, locations: AvailabilityLocationBody[]) =>
  api<AvailabilityView>(`/api/v1/scheduling/availability/${encodeURIComponent(practitionerId)}`, {
    method: 'PUT',
    body: { locations },
  });
