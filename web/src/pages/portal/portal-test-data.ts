/** Answers of the portal API for the component tests: one service in a zone other than the browser's, free times each day at 09:00. */
import type { PortalAppointment, PortalService, PortalSlot } from './portal-api.ts';
import { addDays, browserTimeZone, dayIn } from './portal-time.ts';

/** Tokyo keeps no summer time, so 09:00 there is always 00:00 UTC; Kolkata if the browser is in Tokyo. */
export const ZONE = browserTimeZone() === 'Asia/Tokyo' ? 'Asia/Kolkata' : 'Asia/Tokyo';
const OFFSET = ZONE === 'Asia/Tokyo' ? '+09:00' : '+05:30';

export const soon = new Date(Date.now() + 2 * 3_600_000);
export const firstDay = dayIn(soon, ZONE);

export const service: PortalService = {
  id: 'svc-1',
  name: 'General consultation',
  durationMinutes: 20,
  rules: { minNoticeHours: 2, maxDaysAhead: 60, cancelCutoffHours: 24, appointmentTypes: ['consultation', 'follow-up', 'telemedicine'] },
  bookableFrom: soon.toISOString(),
  bookableUntil: new Date(Date.now() + 60 * 86_400_000).toISOString(),
  practitioners: [
    { id: 'dr-berg', display: 'Dr Anna Berg' },
    { id: 'dr-kim', display: 'Dr Jun Kim' },
  ],
  locations: [{ id: 'room-1', display: 'Room 1', timeZone: ZONE }],
};

/** A slot at 09:00 local on a day. */
export function slotOn(day: string, practitioner = service.practitioners[0]!): PortalSlot {
  const startLocal = `${day}T09:00:00${OFFSET}`;
  const start = new Date(startLocal);
  return {
    start: start.toISOString(),
    end: new Date(start.getTime() + 20 * 60_000).toISOString(),
    startLocal,
    endLocal: `${day}T09:20:00${OFFSET}`,
    timeZone: ZONE,
    practitioner,
    location: { id: 'room-1', display: 'Room 1' },
    scheduleId: `schedule-${practitioner.id}`,
  };
}

export function appointmentAt(day: string, extra: Partial<PortalAppointment> = {}): PortalAppointment {
  const s = slotOn(day);
  return {
    id: `a-${day}`,
    status: 'booked',
    start: s.start,
    end: s.end,
    startLocal: s.startLocal,
    endLocal: s.endLocal,
    timeZone: ZONE,
    practitioner: s.practitioner,
    location: s.location,
    service: { id: 'svc-1', display: 'General consultation' },
    type: 'consultation',
    canCancel: true,
    canReschedule: true,
    ...extra,
  };
}

export { addDays };
