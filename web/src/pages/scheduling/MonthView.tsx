/**
 * The month: a table of whole weeks, each day with its number of appointments and the first
 * few (time and patient, coloured by type, the state in words); the day's number opens its
 * day view, an entry opens the appointment. Days are local days of the location's zone.
 */
import { Anchor, Text } from '@mantine/core';
import { useFormat } from '../../i18n/locale.tsx';
import type { AppointmentSummary } from './scheduling-api.ts';
import { statusInfo, typeInfo } from './status.ts';
import { wallClock, zoneFormat } from './zone-time.ts';

const SHOWN_PER_DAY = 3;

export function groupByDay(items: AppointmentSummary[], timeZone: string): Map<string, AppointmentSummary[]> {
  const byDay = new Map<string, AppointmentSummary[]>();
  for (const a of items) {
    if (!a.start) continue;
    const day = wallClock(new Date(a.start), timeZone).date;
    byDay.set(day, [...(byDay.get(day) ?? []), a]);
  }
  for (const list of byDay.values()) list.sort((x, y) => (x.start ?? '').localeCompare(y.start ?? ''));
  return byDay;
}

export function MonthView({
  days,
  month,
  today,
  items,
  timeZone,
  onOpen,
  onDay,
}: {
  days: string[];
  /** A day of the month shown (YYYY-MM-DD). */
  month: string;
  today: string;
  items: AppointmentSummary[];
  timeZone: string;
  onOpen: (a: AppointmentSummary) => void;
  onDay: (date: string) => void;
}) {
  const { locale } = useFormat();
  const fmt = zoneFormat(locale, timeZone);
  const byDay = groupByDay(items, timeZone);
  const weeks: string[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  const weekdayNames = days
    .slice(0, 7)
    .map((d) => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`)));
  return (
    <table className="sched-month" aria-label={`Appointments in ${fmt.month(month)}`}>
      <thead>
        <tr>
          {weekdayNames.map((n) => (
            <th key={n} scope="col">
              {n}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day) => {
              const list = byDay.get(day) ?? [];
              const outside = day.slice(0, 7) !== month.slice(0, 7);
              const count = list.length === 1 ? '1 appointment' : `${list.length} appointments`;
              return (
                <td key={day} data-outside={outside} data-today={day === today} aria-current={day === today ? 'date' : undefined}>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    fw={day === today ? 800 : 600}
                    c={outside ? 'gray.7' : undefined}
                    onClick={() => onDay(day)}
                    aria-label={`${fmt.day(day)}: ${count}. Open the day`}
                  >
                    {Number(day.slice(8))}
                  </Anchor>
                  {list.length > 0 && (
                    <Text span size="xs" c="gray.7" ml={6}>
                      {list.length}
                    </Text>
                  )}
                  {list.slice(0, SHOWN_PER_DAY).map((a) => {
                    const type = typeInfo(a.type);
                    const status = statusInfo(a.status);
                    return (
                      <button
                        key={a.id}
                        type="button"
                        className="sched-month-entry"
                        style={{ borderLeftColor: `var(--mantine-color-${type.color}-7)` }}
                        onClick={() => onOpen(a)}
                        title={`${fmt.time(a.start!)} ${a.patient?.display ?? ''}, ${type.label}, ${status.label}`}
                        aria-label={`${fmt.time(a.start!)}, ${a.patient?.display ?? 'Patient'}, ${type.label}, ${status.label}`}
                      >
                        {fmt.time(a.start!)} {a.patient?.display}
                        {a.status !== 'booked' ? ` (${status.label})` : ''}
                      </button>
                    );
                  })}
                  {list.length > SHOWN_PER_DAY && (
                    <Anchor
                      component="button"
                      type="button"
                      size="xs"
                      onClick={() => onDay(day)}
                      mt={2}
                      aria-label={`${list.length - SHOWN_PER_DAY} more on ${fmt.day(day)}: open the day`}
                    >
                      {list.length - SHOWN_PER_DAY} more
                    </Anchor>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
