/**
 * The portal's booking API (/api/v1/portal, docs/scheduling.md "Patient portal booking"):
 * the services open online, free times, the patient's own appointments, and booking,
 * moving and cancelling them. The patient is the signed-in account's; nothing here names one.
 */
import { api } from '../../api/http.ts';
import type { PortalSlots } from '../../../../src/modules/portal/portal-slots.ts';

export type AppointmentType = 'consultation' | 'follow-up' | 'procedure' | 'emergency' | 'telemedicine';

export interface Party {
  id: string;
  display?: string;
}

export interface PortalService {
  id: string;
  name: string;
  /** The clinic that provides it. */
  provider?: Party;
  description?: string;
  durationMinutes?: number;
  rules: { minNoticeHours: number; maxDaysAhead: number; cancelCutoffHours: number; appointmentTypes: AppointmentType[] };
  bookableFrom: string;
  bookableUntil: string;
  practitioners: Party[];
  locations: (Party & { timeZone: string })[];
}

/** Free times as the server finds them (src/modules/portal/portal-slots.ts). */
export type { PortalSlots };
export type PortalSlot = PortalSlots['slots'][number];

export interface PortalAppointment {
  id: string;
  status: string;
  start?: string;
  end?: string;
  startLocal?: string;
  endLocal?: string;
  timeZone?: string;
  practitioner?: Party;
  location?: Party;
  service?: Party;
  type?: AppointmentType;
  reason?: string;
  canCancel: boolean;
  canReschedule: boolean;
  notChangeableReason?: string;
  changeableUntil?: string;
}

export const PORTAL_KEY = ['portal', 'booking'] as const;

export const fetchServices = (signal?: AbortSignal) => api<{ services: PortalService[] }>('/api/v1/portal/services', { signal });

export function fetchSlots(
  q: { serviceId: string; practitionerId?: string; locationId?: string; from: string; to: string },
  signal?: AbortSignal,
): Promise<PortalSlots> {
  const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1]));
  return api<PortalSlots>(`/api/v1/portal/slots?${params.toString()}`, { signal });
}

export const fetchMyAppointments = (signal?: AbortSignal) =>
  api<{ upcoming: PortalAppointment[]; past: PortalAppointment[] }>('/api/v1/portal/appointments', { signal });

export const bookAppointment = (body: {
  serviceId: string;
  practitionerId: string;
  start: string;
  type?: AppointmentType;
  reason?: string;
}) => api<{ appointment: PortalAppointment }>('/api/v1/portal/appointments', { method: 'POST', body });

export const rescheduleAppointment = (id: string, body: { start: string; reason?: string }) =>
  api<{ appointment: PortalAppointment }>(`/api/v1/portal/appointments/${encodeURIComponent(id)}/reschedule`, { method: 'POST', body });

export const cancelAppointment = (id: string, reason: string) =>
  api<{ appointment: PortalAppointment }>(`/api/v1/portal/appointments/${encodeURIComponent(id)}/cancel`, {
    method: 'POST',
    body: { reason },
  });

export const TYPE_LABEL: Record<AppointmentType, string> = {
  consultation: 'Consultation',
  'follow-up': 'Follow-up visit',
  procedure: 'Procedure',
  emergency: 'Emergency',
  telemedicine: 'Video or phone consultation',
};

export const STATUS_LABEL: Record<string, string> = {
  booked: 'Booked',
  pending: 'Waiting for confirmation',
  arrived: 'Checked in',
  'checked-in': 'Checked in',
  fulfilled: 'Attended',
  cancelled: 'Cancelled',
  noshow: 'Missed',
};
