/**
 * A room's three lists in the availability editor: opening hours (days of the week or an
 * RRULE, hours, validity), breaks, and exceptions (leave, holidays, with a reason). Each
 * entry is a fieldset; the server's messages appear at the fields they concern.
 */
import { Button, Group, NativeSelect, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { emptyBreak, emptyException, emptyRule, type LocationForm } from './availability-form.ts';
import { DayChecks, RemoveButton, Row, listEdits, type EditRoom, type FieldError } from './availability-parts.tsx';

interface ListProps {
  room: LocationForm;
  /** The room's path in the request (`locations.0`). */
  base: string;
  edit: EditRoom;
  err: FieldError;
}

export function OpeningHours({ room, base, edit, err }: ListProps) {
  const rules = listEdits('rules', base, edit);
  return (
    <>
      <Title order={2} size="h5">
        Opening hours
      </Title>
      {err(`${base}.rules`) && (
        <Text c="red.8" size="sm" role="alert">
          {err(`${base}.rules`)}
        </Text>
      )}
      {room.rules.map((r, ri) => {
        const at = rules.at(ri);
        const setRule = (patch: Partial<typeof r>, field: string) => rules.set(ri, patch, field);
        return (
          <Row key={ri} title={`Rule ${ri + 1}`}>
            <Stack gap="xs">
              <Group justify="space-between">
                <SegmentedControl
                  size="xs"
                  aria-label={`Rule ${ri + 1}: how the days are given`}
                  value={r.mode}
                  onChange={(v) => setRule({ mode: v as 'weekly' | 'rrule' }, 'days')}
                  data={[
                    { value: 'weekly', label: 'Days of the week' },
                    { value: 'rrule', label: 'Recurrence rule (RRULE)' },
                  ]}
                />
                <RemoveButton label={`Remove rule ${ri + 1}`} onClick={() => rules.remove(ri)} />
              </Group>
              {r.mode === 'weekly' ? (
                <DayChecks label="Days" value={r.days} onChange={(v) => setRule({ days: v }, 'days')} error={err(`${at}.days`)} />
              ) : (
                <TextInput
                  label="RRULE"
                  description="For example FREQ=MONTHLY;BYDAY=1MO (first Monday) or FREQ=WEEKLY;INTERVAL=2;BYDAY=TU."
                  value={r.rrule}
                  onChange={(e) => setRule({ rrule: e.currentTarget.value }, 'rrule')}
                  error={err(`${at}.rrule`)}
                />
              )}
              <SimpleGrid cols={4}>
                <TextInput
                  type="time"
                  label="From"
                  value={r.start}
                  onChange={(e) => setRule({ start: e.currentTarget.value }, 'start')}
                  error={err(`${at}.start`)}
                />
                <TextInput
                  type="time"
                  label="Until"
                  value={r.end}
                  onChange={(e) => setRule({ end: e.currentTarget.value }, 'end')}
                  error={err(`${at}.end`)}
                />
                <TextInput
                  type="date"
                  label="Valid from"
                  value={r.validFrom}
                  onChange={(e) => setRule({ validFrom: e.currentTarget.value }, 'validFrom')}
                  error={err(`${at}.validFrom`)}
                />
                <TextInput
                  type="date"
                  label="Valid until"
                  value={r.validUntil}
                  onChange={(e) => setRule({ validUntil: e.currentTarget.value }, 'validUntil')}
                  error={err(`${at}.validUntil`)}
                />
              </SimpleGrid>
            </Stack>
          </Row>
        );
      })}
      <Group>
        <Button variant="default" size="xs" onClick={() => rules.add(emptyRule())}>
          Add opening hours
        </Button>
      </Group>
    </>
  );
}

export function Breaks({ room, base, edit, err }: ListProps) {
  const breaks = listEdits('breaks', base, edit);
  return (
    <>
      <Title order={2} size="h5">
        Breaks
      </Title>
      {room.breaks.length === 0 && <Text size="sm">No breaks.</Text>}
      {room.breaks.map((b, bi) => {
        const at = breaks.at(bi);
        const setBreak = (patch: Partial<typeof b>, field: string) => breaks.set(bi, patch, field);
        return (
          <Row key={bi} title={`Break ${bi + 1}`}>
            <Group align="flex-start">
              <TextInput
                type="time"
                label="From"
                value={b.start}
                onChange={(e) => setBreak({ start: e.currentTarget.value }, 'start')}
                error={err(`${at}.start`)}
              />
              <TextInput
                type="time"
                label="Until"
                value={b.end}
                onChange={(e) => setBreak({ end: e.currentTarget.value }, 'end')}
                error={err(`${at}.end`)}
              />
              {b.rrule ? (
                <TextInput
                  label="RRULE"
                  value={b.rrule}
                  onChange={(e) => setBreak({ rrule: e.currentTarget.value }, 'rrule')}
                  error={err(`${at}.rrule`)}
                />
              ) : (
                <DayChecks
                  label="Days (none: every day)"
                  value={b.days}
                  onChange={(v) => setBreak({ days: v }, 'days')}
                  error={err(`${at}.days`)}
                />
              )}
              <RemoveButton label={`Remove break ${bi + 1}`} onClick={() => breaks.remove(bi)} />
            </Group>
          </Row>
        );
      })}
      <Group>
        <Button variant="default" size="xs" onClick={() => breaks.add(emptyBreak())}>
          Add a break
        </Button>
      </Group>
    </>
  );
}

export function Exceptions({ room, base, edit, err }: ListProps) {
  const exceptions = listEdits('exceptions', base, edit);
  return (
    <>
      <Title order={2} size="h5">
        Exceptions (leave, holidays)
      </Title>
      {room.exceptions.length === 0 && <Text size="sm">No exceptions.</Text>}
      {room.exceptions.map((x, xi) => {
        const at = exceptions.at(xi);
        const setExc = (patch: Partial<typeof x>, field: string) => exceptions.set(xi, patch, field);
        const type = x.kind === 'days' ? 'date' : 'datetime-local';
        return (
          <Row key={xi} title={`Exception ${xi + 1}`}>
            <Group align="flex-start">
              <NativeSelect
                label="Covers"
                value={x.kind}
                onChange={(e) => setExc({ kind: e.currentTarget.value as 'days' | 'times', from: '', to: '' }, 'from')}
                data={[
                  { value: 'days', label: 'Whole days' },
                  { value: 'times', label: 'Part of a day' },
                ]}
              />
              <TextInput
                type={type}
                label="From"
                value={x.from}
                onChange={(e) => setExc({ from: e.currentTarget.value }, 'from')}
                error={err(`${at}.from`)}
              />
              <TextInput
                type={type}
                label={x.kind === 'days' ? 'To (last day)' : 'To'}
                value={x.to}
                onChange={(e) => setExc({ to: e.currentTarget.value }, 'to')}
                error={err(`${at}.to`)}
              />
              <TextInput
                label="Reason"
                required
                value={x.reason}
                onChange={(e) => setExc({ reason: e.currentTarget.value }, 'reason')}
                error={err(`${at}.reason`)}
              />
              <RemoveButton label={`Remove exception ${xi + 1}`} onClick={() => exceptions.remove(xi)} />
            </Group>
          </Row>
        );
      })}
      <Group>
        <Button variant="default" size="xs" onClick={() => exceptions.add(emptyException())}>
          Add an exception
        </Button>
      </Group>
    </>
  );
}
