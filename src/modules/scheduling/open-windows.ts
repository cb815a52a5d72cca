/**
 * When a practitioner is open at a location between two instants: the weekly rules expanded
 * as wall-clock times in the location's zone (so 09:00 stays 09:00 across a daylight-saving
 * change), minus breaks, minus exceptions. Pure: no database, no clock.
 */
import type { AvailabilityBreak, AvailabilityException, LocationAvailability } from './availability.ts';
import { expandRule } from './recurrence.ts';
import { addDays, fromWall, localDate, startOfLocalDay, wallAt } from './zoned-time.ts';

/** Milliseconds since the epoch, [start, end). */
export interface Interval {
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;
const FAR_PAST = '2000-01-03';

/**
 * A rule's first occurrence for expansion. Without COUNT, a DAILY or WEEKLY rule repeats with
 * a fixed period, so its start can move forward by whole periods to just before the window:
 * the same occurrences, without iterating from the year 2000.
 */
function dtstartNear(rrule: string, validFrom: string | undefined, time: string, firstDay: string): Date {
  const from = validFrom ?? FAR_PAST;
  const freq = /FREQ=(DAILY|WEEKLY)/.exec(rrule)?.[1];
  if (!freq || /COUNT=/.test(rrule)) return wallAt(from, time);
  const interval = Number(/INTERVAL=(\d+)/.exec(rrule)?.[1] ?? 1);
  const periodDays = (freq === 'DAILY' ? 1 : 7) * interval;
  const gapDays = Math.floor((Date.parse(`${firstDay}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) - 7;
  const shift = gapDays > 0 ? Math.floor(gapDays / periodDays) * periodDays : 0;
  return wallAt(addDays(from, shift), time);
}

/** Union of intervals, sorted and merged. */
export function union(list: Interval[]): Interval[] {
  const sorted = [...list].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** `base` minus every interval of `cut`. */
export function subtract(base: Interval[], cut: Interval[]): Interval[] {
  let out = base;
  for (const c of union(cut)) {
    out = out.flatMap((b) => {
      if (c.end <= b.start || c.start >= b.end) return [b];
      const parts: Interval[] = [];
      if (c.start > b.start) parts.push({ start: b.start, end: c.start });
      if (c.end < b.end) parts.push({ start: c.end, end: b.end });
      return parts;
    });
  }
  return out;
}

function breakIntervals(b: AvailabilityBreak, tz: string, firstDay: string, lastDay: string): Interval[] {
  const startMin = Number(b.start.slice(0, 2)) * 60 + Number(b.start.slice(3));
  const endMin = Number(b.end.slice(0, 2)) * 60 + Number(b.end.slice(3));
  const days: string[] = [];
  if (b.rrule) {
    const dtstart = dtstartNear(b.rrule, undefined, b.start, firstDay);
    for (const occ of expandRule(b.rrule, dtstart, wallAt(firstDay, '00:00'), wallAt(lastDay, '23:59')))
      days.push(occ.toISOString().slice(0, 10));
  } else {
    for (let d = firstDay; d <= lastDay; d = addDays(d, 1)) days.push(d);
  }
  return days.map((d) => ({
    start: fromWall(wallAt(d, '00:00', startMin), tz).getTime(),
    end: fromWall(wallAt(d, '00:00', endMin), tz).getTime(),
  }));
}

/** An exception's span: whole local days for dates (the last one included), exact instants otherwise. */
export function exceptionInterval(e: AvailabilityException, tz: string): Interval {
  const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
  const start = isDay(e.from) ? startOfLocalDay(e.from, tz).getTime() : Date.parse(e.from);
  const to = e.to ?? e.from;
  const end = isDay(to) ? startOfLocalDay(addDays(to, 1), tz).getTime() : Date.parse(to);
  return { start, end };
}

/**
 * The open segments of an availability that touch [from, to), whole (not cut at the window's
 * edges: the slot grid starts at a segment's start).
 */
export function openSegments(a: LocationAvailability, from: Date, to: Date): Interval[] {
  const tz = a.timeZone;
  // A day either side: blocks that start the evening before and run past midnight.
  const firstDay = addDays(localDate(from, tz), -1);
  const lastDay = addDays(localDate(new Date(to.getTime() - 1), tz), 1);
  const blocks: Interval[] = [];
  for (const rule of a.rules) {
    const dtstart = dtstartNear(rule.rrule, rule.validFrom, rule.start, firstDay);
    for (const occ of expandRule(rule.rrule, dtstart, wallAt(firstDay, '00:00'), wallAt(lastDay, '23:59'))) {
      const day = occ.toISOString().slice(0, 10);
      if (rule.validFrom && day < rule.validFrom) continue;
      if (rule.validUntil && day > rule.validUntil) continue;
      const start = fromWall(occ, tz).getTime();
      const end = fromWall(new Date(occ.getTime() + rule.durationMinutes * 60_000), tz).getTime();
      blocks.push({ start, end });
    }
  }
  const cuts = [...a.breaks.flatMap((b) => breakIntervals(b, tz, firstDay, lastDay)), ...a.exceptions.map((e) => exceptionInterval(e, tz))];
  return subtract(union(blocks), cuts).filter((s) => s.end > from.getTime() && s.start < to.getTime());
}

/** True when [start, end) lies inside one open segment. */
export function fitsOpen(open: Interval[], start: number, end: number): boolean {
  return open.some((s) => s.start <= start && end <= s.end);
}

/**
 * Slots: from each open segment's start, every `stepMinutes`, of `lengthMinutes`, wholly
 * inside the segment, starting inside [from, to), and clear of every busy interval.
 */
export function slotGrid(open: Interval[], busy: Interval[], stepMinutes: number, lengthMinutes: number, from: Date, to: Date): Interval[] {
  const step = stepMinutes * 60_000;
  const length = lengthMinutes * 60_000;
  const out: Interval[] = [];
  for (const seg of open) {
    for (let t = seg.start; t + length <= seg.end; t += step) {
      if (t < from.getTime() || t >= to.getTime()) continue;
      const end = t + length;
      if (busy.some((b) => b.start < end && t < b.end)) continue;
      out.push({ start: t, end });
    }
  }
  return out;
}
