/**
 * Free slots as buttons grouped by local day, in the location's zone (named when it is not
 * the browser's). The chosen one is pressed; arrow keys are not needed: Tab reaches each.
 */
import { Button, Stack, Text, Title } from '@mantine/core';
import { useFormat } from '../../i18n/locale.tsx';
import type { SlotView } from './scheduling-api.ts';
import { browserZone, zoneFormat } from './zone-time.ts';

export const slotKey = (s: SlotView) => `${s.start}|${s.practitioner.id}|${s.location.id}`;

export function SlotList({
  slots,
  chosen,
  onChoose,
  showPractitioner,
  headingLevel = 3,
}: {
  slots: SlotView[];
  chosen?: SlotView;
  onChoose: (slot: SlotView) => void;
  showPractitioner?: boolean;
  headingLevel?: 3 | 4;
}) {
  const { locale } = useFormat();
  const days = new Map<string, SlotView[]>();
  for (const s of slots) {
    const day = s.startLocal.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), s]);
  }
  const here = browserZone();
  return (
    <Stack gap="sm">
      {[...days.entries()].map(([day, list]) => {
        const fmt = zoneFormat(locale, list[0]!.timeZone);
        return (
          <section key={day} aria-label={fmt.day(day)}>
            <Title order={headingLevel} size="h6" mb={4}>
              {fmt.day(day)}
              {list[0]!.timeZone !== here && (
                <Text span size="xs" c="gray.7" fw={400}>
                  {' '}
                  (times in {list[0]!.timeZone})
                </Text>
              )}
            </Title>
            <div className="sched-slot-day">
              {list.map((s) => {
                const pressed = chosen ? slotKey(chosen) === slotKey(s) : false;
                const who = showPractitioner ? ` ${s.practitioner.display ?? ''}` : '';
                return (
                  <Button
                    key={slotKey(s)}
                    size="compact-sm"
                    variant={pressed ? 'filled' : 'default'}
                    aria-pressed={pressed}
                    aria-label={`${fmt.time(s.start)}${who}, ${s.location.display ?? s.location.id}, ${fmt.day(day)}`}
                    onClick={() => onChoose(s)}
                  >
                    {fmt.time(s.start)}
                    {who}
                  </Button>
                );
              })}
            </div>
          </section>
        );
      })}
    </Stack>
  );
}
