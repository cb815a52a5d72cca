/**
 * The availability editor's form and the API's shape, both ways. A weekly rule is edited as
 * days of the week with a start and an end time; any other RRULE (monthly, every other week,
 * COUNT...) is edited as text. Exceptions are whole local days or times in the room's zone.
 * The server names problems by JSON path (`locations[0].rules[1].rrule`); `fieldFor` says
 * which control shows each.
 */
import type { AvailabilityLocationBody, AvailabilityView } from './scheduling-api.ts';
import { hhmm, instantAt, minutesOf, wallClock } from './zone-time.ts';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const WEEKDAY_NAMES: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

export interface RuleForm {
  mode: 'weekly' | 'rrule';
  days: string[];
  rrule: string;
  start: string;
  end: string;
  validFrom: string;
  validUntil: string;
}

export interface BreakForm {
  start: string;
  end: string;
  /** Empty: every day. */
  days: string[];
  /** A rule that is not a plain weekly one, kept as text. */
  rrule: string;
}

export interface ExceptionForm {
  kind: 'days' | 'times';
  from: string;
  to: string;
  reason: string;
}

export interface LocationForm {
  locationId: string;
  timeZone: string;
  slotMinutes: string;
  rules: RuleForm[];
  breaks: BreakForm[];
  exceptions: ExceptionForm[];
  serviceIds: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Days of a plain weekly rule (FREQ=DAILY is every day), or undefined for anything else. */
export function weeklyDays(rrule: string): string[] | undefined {
  const r = rrule.trim().toUpperCase();
  if (r === 'FREQ=DAILY') return [...WEEKDAYS];
  const m = /^FREQ=WEEKLY;BYDAY=([A-Z,]+)$/.exec(r);
  if (!m) return undefined;
  const days = m[1]!.split(',');
  if (!days.every((d) => (WEEKDAYS as readonly string[]).includes(d))) return undefined;
  return WEEKDAYS.filter((d) => days.includes(d));
}

export function weeklyRrule(days: string[]): string {
  const ordered = WEEKDAYS.filter((d) => days.includes(d));
  return ordered.length === 7 ? 'FREQ=DAILY' : `FREQ=WEEKLY;BYDAY=${ordered.join(',')}`;
}

export const emptyRule = (): RuleForm => ({
  mode: 'weekly',
  days: ['MO', 'TU', 'WE', 'TH', 'FR'],
  rrule: '',
  start: '09:00',
  end: '12:00',
  validFrom: '',
  validUntil: '',
});
export const emptyBreak = (): BreakForm => ({ start: '10:00', end: '10:20', days: [], rrule: '' });
export const emptyException = (): ExceptionForm => ({ kind: 'days', from: '', to: '', reason: '' });
export const emptyLocation = (locationId = '', timeZone = ''): LocationForm => ({
  locationId,
  timeZone,
  slotMinutes: '20',
  rules: [emptyRule()],
  breaks: [],
  exceptions: [],
  serviceIds: [],
});

function localInput(value: string, timeZone: string): string {
  const w = wallClock(new Date(value), timeZone);
  return `${w.date}T${hhmm(w.minutes)}`;
}

export function toForm(view: AvailabilityView): LocationForm[] {
  return view.locations.map((l) => ({
    locationId: l.locationId,
    timeZone: l.timeZone,
    slotMinutes: String(l.slotMinutes),
    rules: l.rules.map((r) => {
      const days = weeklyDays(r.rrule);
      const start = minutesOf(r.start) ?? 0;
      return {
        mode: days ? 'weekly' : 'rrule',
        days: days ?? [],
        rrule: r.rrule,
        start: r.start,
        end: hhmm(start + r.durationMinutes),
        validFrom: r.validFrom ?? '',
        validUntil: r.validUntil ?? '',
      };
    }),
    breaks: l.breaks.map((b) => {
      const days = b.rrule ? weeklyDays(b.rrule) : [];
      return { start: b.start, end: b.end, days: days && days.length < 7 ? days : [], rrule: days ? '' : (b.rrule ?? '') };
    }),
    exceptions: l.exceptions.map((e) =>
      DAY.test(e.from)
        ? { kind: 'days', from: e.from, to: e.to ?? '', reason: e.reason }
        : { kind: 'times', from: localInput(e.from, l.timeZone), to: e.to ? localInput(e.to, l.timeZone) : '', reason: e.reason },
    ),
    serviceIds: l.serviceIds,
  }));
}

/** Minutes from start to end; an end at or before the start runs past midnight. */
export function durationOf(start: string, end: string): number | undefined {
  const s = minutesOf(start);
  const e = minutesOf(end);
  if (s === undefined || e === undefined) return undefined;
  return e > s ? e - s : e + 1440 - s;
}

function instantOf(local: string, timeZone: string): string {
  const [date, time] = local.split('T') as [string, string | undefined];
  if (!DAY.test(date) || !time) return local;
  return instantAt(date, minutesOf(time) ?? 0, timeZone || 'UTC').toISOString();
}

export function toBody(forms: LocationForm[]): AvailabilityLocationBody[] {
  return forms.map((l) => ({
    locationId: l.locationId,
    slotMinutes: Number(l.slotMinutes),
    rules: l.rules.map((r) => ({
      rrule: r.mode === 'weekly' ? (r.days.length ? weeklyRrule(r.days) : '') : r.rrule.trim(),
      start: r.start,
      ...(durationOf(r.start, r.end) !== undefined ? { durationMinutes: durationOf(r.start, r.end) } : { end: r.end }),
      ...(r.validFrom ? { validFrom: r.validFrom } : {}),
      ...(r.validUntil ? { validUntil: r.validUntil } : {}),
    })),
    breaks: l.breaks.map((b) => ({
      start: b.start,
      end: b.end,
      ...(b.rrule.trim() ? { rrule: b.rrule.trim() } : b.days.length && b.days.length < 7 ? { rrule: weeklyRrule(b.days) } : {}),
    })),
    exceptions: l.exceptions.map((e) => ({
      from: e.kind === 'times' ? instantOf(e.from, l.timeZone) : e.from,
      ...(e.to ? { to: e.kind === 'times' ? instantOf(e.to, l.timeZone) : e.to } : {}),
      reason: e.reason,
    })),
    serviceIds: l.serviceIds,
  }));
}

/** The form control (path into `{ locations }`) that shows a server problem, or undefined for the banner. */
export function fieldFor(serverField: string | undefined, forms: LocationForm[]): string | undefined {
  if (!serverField) return undefined;
  const path = serverField.replace(/\[(\d+)\]/g, '.$1');
  const m = /^locations\.(\d+)(?:\.(\w+)(?:\.(\d+)(?:\.(\w+))?)?)?$/.exec(path);
  if (!m) return undefined;
  const [, li, part, ni, leaf] = m;
  const loc = forms[Number(li)];
  if (!loc) return undefined;
  const base = `locations.${li}`;
  if (!part) return `${base}.locationId`;
  if (part === 'serviceIds') return `${base}.serviceIds`;
  if (part === 'timeZone' || part === 'specialties') return `${base}.locationId`;
  if (part === 'slotMinutes' || part === 'locationId') return `${base}.${part}`;
  if (ni === undefined) return `${base}.${part}`;
  const at = `${base}.${part}.${ni}`;
  if (part === 'rules') {
    const rule = loc.rules[Number(ni)];
    if (!rule) return `${base}.rules`;
    if (!leaf) return `${at}.start`;
    if (leaf === 'rrule') return rule.mode === 'weekly' ? `${at}.days` : `${at}.rrule`;
    if (leaf === 'durationMinutes' || leaf === 'end') return `${at}.end`;
    return `${at}.${leaf}`;
  }
  if (part === 'breaks') {
    const b = loc.breaks[Number(ni)];
    if (!b) return `${base}.breaks`;
    if (leaf === 'rrule') return b.rrule ? `${at}.rrule` : `${at}.days`;
    return `${at}.${leaf ?? 'start'}`;
  }
  if (part === 'exceptions') return `${at}.${leaf ?? 'from'}`;
  return undefined;
}
