/**
 * A week of free times for one service, as buttons grouped by day: choose one with the
 * mouse or the keyboard (Tab, Enter). Previous and next week stay within the window the
 * service's rules open for online booking. Times are the room's, with the zone named when
 * it is not this browser's.
 */
import { useState } from 'react';
import { Alert, Button, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useFormat } from '../../i18n/locale.tsx';
import { PORTAL_KEY, fetchSlots, type PortalService, type PortalSlot } from './portal-api.ts';
import { addDays, browserTimeZone, dayIn, dayLabel, timeOnly } from './portal-time.ts';

export function SlotWeek({
  service,
  practitionerId,
  locationId,
  selected,
  onPick,
  week,
  onWeekChange,
}: {
  service: PortalService;
  practitionerId?: string;
  locationId?: string;
  selected?: PortalSlot;
  onPick: (slot: PortalSlot) => void;
  /** The first day of the week shown (YYYY-MM-DD), when the page keeps it across steps. */
  week?: string;
  onWeekChange?: (day: string) => void;
}) {
  const { locale } = useFormat();
  const zone = service.locations.find((l) => l.id === locationId)?.timeZone ?? service.locations[0]?.timeZone ?? browserTimeZone();
  const firstDay = dayIn(new Date(service.bookableFrom), zone);
  const lastDay = dayIn(new Date(service.bookableUntil), zone);
  const [ownWeek, setOwnWeek] = useState(firstDay);
  const weekStart = week && week >= firstDay ? week : ownWeek;
  const setWeekStart = (day: string) => {
    setOwnWeek(day);
    onWeekChange?.(day);
  };
  const weekEnd = addDays(weekStart, 6);
  const slots = useQuery({
    queryKey: [...PORTAL_KEY, 'slots', service.id, practitionerId ?? '', locationId ?? '', weekStart],
    queryFn: ({ signal }) =>
      fetchSlots({ serviceId: service.id, practitionerId, locationId, from: weekStart, to: weekEnd > lastDay ? lastDay : weekEnd }, signal),
    placeholderData: keepPreviousData,
  });
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i)).filter((d) => d <= lastDay);
  // With anyone available, one button per time: whoever is free then (the confirmation says who).
  const byDay = new Map<string, PortalSlot[]>();
  const seen = new Set<string>();
  for (const s of slots.data?.slots ?? []) {
    if (seen.has(s.start)) continue;
    seen.add(s.start);
    const day = s.startLocal.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), s]);
  }
  const heading = `${dayLabel(weekStart, locale)} to ${dayLabel(days[days.length - 1] ?? weekStart, locale)}`;
  const loading = slots.isFetching;

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Button variant="default" onClick={() => setWeekStart(addDays(weekStart, -7))} disabled={weekStart <= firstDay}>
          Previous week
        </Button>
        <Title order={3} size="h5" aria-live="polite">
          {heading}
        </Title>
        <Button variant="default" onClick={() => setWeekStart(addDays(weekStart, 7))} disabled={addDays(weekStart, 7) > lastDay}>
          Next week
        </Button>
      </Group>
      {zone !== browserTimeZone() && <Text size="sm">Times are shown in {zone} time, where the clinic is.</Text>}
      {loading && (
        <Group role="status" gap="xs">
          <Loader size="xs" aria-hidden /> <Text size="sm">Finding free times…</Text>
        </Group>
      )}
      {slots.isError && (
        <Alert color="red" role="alert">
          {slots.error.message}
        </Alert>
      )}
      {slots.data && !loading && slots.data.slots.length === 0 && (
        <Text>No free times this week.{addDays(weekStart, 7) <= lastDay ? ' Try the next week.' : ''}</Text>
      )}
      {slots.data && slots.data.slots.length > 0 && (
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm">
          {days.map((day) => {
            const list = byDay.get(day) ?? [];
            const headingId = `slot-day-${day}`;
            return (
              <section key={day} aria-labelledby={headingId}>
                <Title order={4} size="h6" id={headingId} mb={4}>
                  {dayLabel(day, locale)}
                </Title>
                {list.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No free times
                  </Text>
                ) : (
                  <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    {list.map((s) => {
                      const time = timeOnly(s.start, s.timeZone, locale);
                      const isSelected = selected?.start === s.start;
                      return (
                        <li key={s.start}>
                          <Button
                            fullWidth
                            size="compact-sm"
                            variant={isSelected ? 'filled' : 'light'}
                            aria-pressed={isSelected}
                            aria-label={`${dayLabel(day, locale, true)}, ${time}`}
                            onClick={() => onPick(s)}
                          >
                            {time}
                          </Button>
                        </li>
                      );
                    })}
                  </Stack>
                )}
              </section>
            );
          })}
        </SimpleGrid>
      )}
    </Stack>
  );
}
