/**
 * The data behind a calendar view: who or what is shown (one practitioner, one room, or the
 * practitioners of a department), their appointments for the days shown, and their free
 * slots (day and week), fetched per subject in parallel; the zone the view is drawn in is
 * the one the server read the days in (the room's, or the practitioner's schedule's).
 */
import { useQueries } from '@tanstack/react-query';
import type { CalendarState } from './calendar-url.ts';
import { daysShown } from './calendar-url.ts';
import type { Directory } from './directory.ts';
import { findSlots, listAppointments, type AppointmentSummary, type SlotView } from './scheduling-api.ts';
import { rowMinutes } from './calendar-layout.ts';
import { browserZone } from './zone-time.ts';
import type { GridColumn } from './TimeGrid.tsx';

export interface Subject {
  key: string;
  label: string;
  practitioner?: string;
  location?: string;
}

export function subjectsOf(state: CalendarState, directory: Directory | undefined): Subject[] {
  if (!state.id || !directory) return [];
  if (state.by === 'practitioner') {
    const p = directory.practitioners.find((x) => x.id === state.id);
    return [{ key: state.id, label: p?.name ?? state.id, practitioner: state.id }];
  }
  if (state.by === 'room') {
    const r = directory.rooms.find((x) => x.id === state.id);
    return [{ key: state.id, label: r?.name ?? state.id, location: state.id }];
  }
  // A department's practitioners, those with availability first.
  return directory.practitioners
    .filter((p) => p.departmentIds.includes(state.id!))
    .sort((a, b) => Number(directory.scheduled.has(b.id)) - Number(directory.scheduled.has(a.id)))
    .map((p) => ({ key: p.id, label: p.name, practitioner: p.id }));
}

/** Cancelled visits are left out unless asked for; waitlist entries and offers hold no time. */
const SHOWN_STATUSES = 'pending,booked,arrived,checked-in,fulfilled,noshow';
const WITH_CANCELLED = `${SHOWN_STATUSES},cancelled`;

export function useCalendar(state: CalendarState, subjects: Subject[], showCancelled: boolean) {
  const days = daysShown(state);
  const from = days[0]!;
  const to = days[days.length - 1]!;
  const params = (s: Subject) => ({ ...(s.practitioner ? { practitioner: s.practitioner } : { location: s.location }), from, to });
  const lists = useQueries({
    queries: subjects.map((s) => ({
      queryKey: ['scheduling', 'appointments', params(s), showCancelled],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        listAppointments({ ...params(s), status: showCancelled ? WITH_CANCELLED : SHOWN_STATUSES }, signal),
      refetchOnWindowFocus: true,
    })),
  });
  const slots = useQueries({
    queries: subjects.map((s) => ({
      queryKey: ['scheduling', 'slots', params(s)],
      queryFn: ({ signal }: { signal: AbortSignal }) => findSlots({ ...params(s), limit: 1000 }, signal),
      enabled: state.view !== 'month',
    })),
  });
  const timeZone = lists.find((l) => l.data)?.data?.timeZone ?? browserZone();
  const appointments: AppointmentSummary[] = [];
  const seen = new Set<string>();
  lists.forEach((l) => {
    for (const a of l.data?.appointments ?? []) {
      if (seen.has(a.id)) continue;
      seen.add(a.id);
      appointments.push(a);
    }
  });
  const open: SlotView[] = slots.flatMap((s) => s.data?.slots ?? []);

  let columns: GridColumn[];
  if (state.view === 'day' && state.by === 'department') {
    columns = subjects.map((s) => ({
      key: s.key,
      date: state.date,
      label: s.label,
      practitionerId: s.practitioner,
      items: appointments.filter((a) => a.practitioner?.id === s.practitioner),
      open: open.filter((o) => o.practitioner.id === s.practitioner),
    }));
  } else {
    columns = days.map((d) => ({ key: d, date: d, label: d, items: appointments, open }));
  }
  return {
    days,
    timeZone,
    appointments,
    columns,
    rowMinutes: rowMinutes(open.map((o) => Math.round((Date.parse(o.end) - Date.parse(o.start)) / 60_000))),
    loading: lists.some((l) => l.isPending) || (state.view !== 'month' && slots.some((s) => s.isPending && s.fetchStatus !== 'idle')),
    error: lists.find((l) => l.error)?.error ?? slots.find((s) => s.error)?.error,
    refetch: () => Promise.all([...lists.map((l) => l.refetch()), ...slots.map((s) => s.refetch())]),
  };
}
