/**
 * Where appointments go in a day column of the time grid: minutes from the local midnight of
 * the column's day in the location's zone (so a 09:00 Berlin visit sits at 09:00 whatever the
 * browser's zone), and overlapping ones side by side, each in a lane of its cluster. The
 * grid's hours stretch to hold every block and every open slot.
 */
import { wallClock } from './zone-time.ts';

export interface Timed {
  start: string;
  end: string;
}

export interface Placed<T> {
  item: T;
  /** Minutes since local midnight of the day, clamped to the day. */
  startMin: number;
  endMin: number;
  /** 0-based lane within its cluster of overlapping blocks, and the cluster's lane count. */
  lane: number;
  lanes: number;
}

/** Minutes of an interval within one local day, or undefined when it misses the day. */
export function minutesInDay(t: Timed, date: string, timeZone: string): { startMin: number; endMin: number } | undefined {
  const s = wallClock(new Date(t.start), timeZone);
  const e = wallClock(new Date(t.end), timeZone);
  if (s.date > date || e.date < date || (e.date === date && e.minutes === 0 && s.date < date)) return undefined;
  const startMin = s.date < date ? 0 : s.minutes;
  const endMin = e.date > date ? 1440 : e.minutes;
  return { startMin, endMin: Math.max(endMin, startMin + 1) };
}

/** The blocks of one day, laid out: overlapping blocks share the width in lanes. */
export function layoutDay<T extends Timed>(items: T[], date: string, timeZone: string): Placed<T>[] {
  const placed = items
    .map((item) => ({ item, m: minutesInDay(item, date, timeZone) }))
    .filter((x): x is { item: T; m: { startMin: number; endMin: number } } => x.m !== undefined)
    .map(({ item, m }) => ({ item, ...m, lane: 0, lanes: 1 }))
    .sort((a, b) => a.startMin - b.startMin || b.endMin - a.endMin);
  let cluster: Placed<T>[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -1;
  const close = () => {
    for (const p of cluster) p.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const p of placed) {
    if (p.startMin >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= p.startMin);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(p.endMin);
    } else laneEnds[lane] = p.endMin;
    p.lane = lane;
    cluster.push(p);
    clusterEnd = Math.max(clusterEnd, p.endMin);
  }
  close();
  return placed;
}

/** The grid's first and last minute: whole hours holding every interval, at least `fallback`. */
export function gridHours(
  intervals: { startMin: number; endMin: number }[],
  fallback: [number, number] = [8 * 60, 18 * 60],
): { first: number; last: number } {
  if (!intervals.length) return { first: fallback[0], last: fallback[1] };
  const first = Math.min(...intervals.map((i) => i.startMin));
  const last = Math.max(...intervals.map((i) => i.endMin));
  return { first: Math.floor(first / 60) * 60, last: Math.min(1440, Math.ceil(last / 60) * 60) };
}

/** Row length: the open slots' length when it divides an hour into 15- or 20-minute rows or so, else 15. */
export function rowMinutes(slotLengths: number[]): number {
  const counts = new Map<number, number>();
  for (const n of slotLengths) counts.set(n, (counts.get(n) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return common && [10, 15, 20, 30].includes(common) ? common : 15;
}

/** The block's place in a grid starting at `first`, rows of `row` minutes and `rowHeight` pixels. */
export function blockBox(
  p: { startMin: number; endMin: number; lane: number; lanes: number },
  first: number,
  row: number,
  rowHeight: number,
) {
  const px = rowHeight / row;
  return {
    top: (p.startMin - first) * px,
    height: Math.max(18, (p.endMin - p.startMin) * px - 2),
    leftPct: (p.lane / p.lanes) * 100,
    widthPct: 100 / p.lanes,
  };
}

/** How many rows (whole, rounded) a vertical drag of `dy` pixels moves. */
export function rowsMoved(dy: number, rowHeight: number): number {
  return Math.round(dy / rowHeight);
}
