/**
 * The calendar's state lives in the URL (`/schedule?view=week&by=room&id=room-1&date=2026-06-03`),
 * so a view can be linked to, reloaded, and walked back with the browser's back button.
 */
import { addDays, addMonths, monthGrid, weekStart } from './zone-time.ts';

export type View = 'day' | 'week' | 'month';
export type By = 'practitioner' | 'department' | 'room';

export interface CalendarState {
  view: View;
  by: By;
  /** The practitioner, department (Organization) or room (Location) id; absent until chosen. */
  id?: string;
  /** A day inside the period shown. */
  date: string;
}

const VIEWS: View[] = ['day', 'week', 'month'];
const BYS: By[] = ['practitioner', 'department', 'room'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readState(params: URLSearchParams, today: string): CalendarState {
  const view = params.get('view') as View;
  const by = params.get('by') as By;
  const date = params.get('date') ?? '';
  const id = params.get('id') ?? undefined;
  return {
    view: VIEWS.includes(view) ? view : 'day',
    by: BYS.includes(by) ? by : 'practitioner',
    ...(id ? { id } : {}),
    date: DAY.test(date) && !Number.isNaN(Date.parse(date)) ? date : today,
  };
}

export function writeState(s: CalendarState): URLSearchParams {
  const q = new URLSearchParams({ view: s.view, by: s.by });
  if (s.id) q.set('id', s.id);
  q.set('date', s.date);
  return q;
}

/** The days the view shows, first to last (month: whole weeks around the month). */
export function daysShown(s: Pick<CalendarState, 'view' | 'date'>): string[] {
  if (s.view === 'day') return [s.date];
  if (s.view === 'week') {
    const first = weekStart(s.date);
    return Array.from({ length: 7 }, (_, i) => addDays(first, i));
  }
  return monthGrid(s.date);
}

/** The date one period before (-1) or after (+1). */
export function step(s: Pick<CalendarState, 'view' | 'date'>, direction: -1 | 1): string {
  if (s.view === 'day') return addDays(s.date, direction);
  if (s.view === 'week') return addDays(s.date, 7 * direction);
  return addMonths(s.date, direction);
}
