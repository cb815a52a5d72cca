/**
 * The availability editor (`/schedule/availability/:practitionerId`, admin and reception):
 * per room, the slot length, weekly rules (days and hours, or an RRULE as text), breaks,
 * exceptions (leave, holidays, with a reason) and the services offered. Saving replaces the
 * practitioner's availability; the server checks every rule and its messages appear at the
 * fields they concern.
 */
import { useEffect, useState, type ReactNode } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/http.ts';
import { getAvailability, putAvailability } from './scheduling-api.ts';
import { serviceLabel, useDirectory } from './directory.ts';
import {
  WEEKDAYS,
  WEEKDAY_NAMES,
  emptyBreak,
  emptyException,
  emptyLocation,
  emptyRule,
  fieldFor,
  toBody,
  toForm,
  type LocationForm,
} from './availability-form.ts';
import { useRefreshScheduling } from './use-visit-step.ts';

type Errors = Record<string, string>;

function DayChecks({ label, value, onChange, error }: { label: string; value: string[]; onChange: (v: string[]) => void; error?: string }) {
  return (
    <Checkbox.Group label={label} value={value} onChange={onChange} error={error}>
      <Group gap="xs" mt={4}>
        {WEEKDAYS.map((d) => (
          <Checkbox key={d} value={d} label={WEEKDAY_NAMES[d]!.slice(0, 3)} title={WEEKDAY_NAMES[d]} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <ActionIcon variant="subtle" color="red" aria-label={label} onClick={onClick} mt={24}>
      ✕
    </ActionIcon>
  );
}

function Row({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="sm" radius="sm" component="fieldset" style={{ margin: 0 }}>
      <legend>
        <Text size="sm" fw={600}>
          {title}
        </Text>
      </legend>
      {children}
    </Card>
  );
}

export default function AvailabilityPage() {
  const { practitionerId = '' } = useParams();
  const navigate = useNavigate();
  const directory = useDirectory();
  const refresh = useRefreshScheduling();
  const current = useQuery({
    queryKey: ['scheduling', 'availability', practitionerId],
    queryFn: ({ signal }) => getAvailability(practitionerId, signal),
    enabled: !!practitionerId,
  });
  const [forms, setForms] = useState<LocationForm[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<string>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (current.data) {
      setForms(toForm(current.data));
      setErrors({});
      setBanner(undefined);
    }
  }, [current.data]);

  const d = directory.data;
  const zoneOf = (id: string) => d?.rooms.find((r) => r.id === id)?.timeZone ?? '';
  const update = (li: number, change: (l: LocationForm) => LocationForm, clear?: string) => {
    setForms((fs) => fs.map((l, i) => (i === li ? change(l) : l)));
    if (clear) setErrors(({ [clear]: _gone, ...rest }) => rest);
  };
  const err = (path: string) => errors[path];

  const save = async () => {
    setSaving(true);
    setBanner(undefined);
    try {
      await putAvailability(practitionerId, toBody(forms));
      notifications.show({ color: 'green', title: 'Availability saved', message: current.data?.practitioner.display ?? '' });
      setErrors({});
      await refresh();
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setBanner('Not saved: something went wrong. Your changes are kept; try again.');
        return;
      }
      const placed: Errors = {};
      const rest: string[] = [];
      for (const detail of e.details) {
        const at = fieldFor(detail.field, forms);
        if (at) placed[at] = placed[at] ? `${placed[at]}; ${detail.message}` : detail.message;
        else rest.push(detail.field ? `${detail.field} ${detail.message}` : detail.message);
      }
      setErrors(placed);
      setBanner(rest.length || !e.details.length ? e.message : 'Not saved: the problems are marked at their fields.');
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-availability-form] [aria-invalid="true"]')?.focus());
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack maw={1100}>
      <div>
        <Title order={1} size="h2">
          Availability
        </Title>
        <Text c="gray.7" size="sm">
          When a practitioner can be booked, per room: opening hours that repeat, breaks, and exceptions such as leave and holidays. Times
          are the room's local time.
        </Text>
      </div>
      <NativeSelect
        label="Practitioner"
        value={practitionerId}
        onChange={(e) => navigate(`/schedule/availability/${encodeURIComponent(e.currentTarget.value)}`)}
        data={[
          { value: '', label: directory.isPending ? 'Loading…' : 'Choose a practitioner' },
          ...(d?.practitioners ?? []).map((p) => ({ value: p.id, label: p.name })),
        ]}
        maw={420}
      />
      {!practitionerId && <Text>Choose whose availability to edit.</Text>}
      {current.isPending && practitionerId && (
        <Group role="status">
          <Loader size="sm" aria-hidden /> <Text>Loading the availability…</Text>
        </Group>
      )}
      {current.isError && (
        <Alert color="red" role="alert" title="The availability could not be loaded">
          {current.error.message}
        </Alert>
      )}
      {current.data && (
        <form
          data-availability-form
          noValidate
          aria-label={`Availability of ${current.data.practitioner.display ?? practitionerId}`}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack>
            {forms.length === 0 && <Text>No availability: {current.data.practitioner.display} cannot be booked. Add a room to start.</Text>}
            {forms.map((l, li) => {
              const base = `locations.${li}`;
              const roomName = d?.rooms.find((r) => r.id === l.locationId)?.name ?? l.locationId;
              return (
                <Card key={li} withBorder radius="md" component="section" aria-label={`Room ${li + 1}: ${roomName || 'not chosen'}`}>
                  <Stack gap="sm">
                    <Group justify="space-between" align="flex-end">
                      <Group align="flex-end">
                        <NativeSelect
                          label="Room"
                          required
                          value={l.locationId}
                          onChange={(e) => {
                            const id = e.currentTarget.value;
                            update(li, (x) => ({ ...x, locationId: id, timeZone: zoneOf(id) || x.timeZone }), `${base}.locationId`);
                          }}
                          data={[{ value: '', label: 'Choose a room' }, ...(d?.rooms ?? []).map((r) => ({ value: r.id, label: r.name }))]}
                          error={err(`${base}.locationId`)}
                          miw={320}
                        />
                        <TextInput
                          type="number"
                          label="Slot length (minutes)"
                          min={5}
                          max={480}
                          required
                          value={l.slotMinutes}
                          onChange={(e) => {
                            const v = e.currentTarget.value;
                            update(li, (x) => ({ ...x, slotMinutes: v }), `${base}.slotMinutes`);
                          }}
                          error={err(`${base}.slotMinutes`)}
                          w={170}
                        />
                        {l.timeZone && (
                          <Text size="sm" c="gray.7" mb={8}>
                            Time zone: {l.timeZone}
                          </Text>
                        )}
                      </Group>
                      <Button variant="subtle" color="red" onClick={() => setForms((fs) => fs.filter((_, i) => i !== li))}>
                        Remove this room
                      </Button>
                    </Group>

                    <Title order={2} size="h5">
                      Opening hours
                    </Title>
                    {err(`${base}.rules`) && (
                      <Text c="red.8" size="sm" role="alert">
                        {err(`${base}.rules`)}
                      </Text>
                    )}
                    {l.rules.map((r, ri) => {
                      const at = `${base}.rules.${ri}`;
                      const setRule = (patch: Partial<typeof r>, field: string) =>
                        update(li, (x) => ({ ...x, rules: x.rules.map((y, j) => (j === ri ? { ...y, ...patch } : y)) }), `${at}.${field}`);
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
                              <RemoveButton
                                label={`Remove rule ${ri + 1}`}
                                onClick={() => update(li, (x) => ({ ...x, rules: x.rules.filter((_, j) => j !== ri) }))}
                              />
                            </Group>
                            {r.mode === 'weekly' ? (
                              <DayChecks
                                label="Days"
                                value={r.days}
                                onChange={(v) => setRule({ days: v }, 'days')}
                                error={err(`${at}.days`)}
                              />
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
                      <Button variant="default" size="xs" onClick={() => update(li, (x) => ({ ...x, rules: [...x.rules, emptyRule()] }))}>
                        Add opening hours
                      </Button>
                    </Group>

                    <Title order={2} size="h5">
                      Breaks
                    </Title>
                    {l.breaks.length === 0 && <Text size="sm">No breaks.</Text>}
                    {l.breaks.map((b, bi) => {
                      const at = `${base}.breaks.${bi}`;
                      const setBreak = (patch: Partial<typeof b>, field: string) =>
                        update(
                          li,
                          (x) => ({ ...x, breaks: x.breaks.map((y, j) => (j === bi ? { ...y, ...patch } : y)) }),
                          `${at}.${field}`,
                        );
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
                            <RemoveButton
                              label={`Remove break ${bi + 1}`}
                              onClick={() => update(li, (x) => ({ ...x, breaks: x.breaks.filter((_, j) => j !== bi) }))}
                            />
                          </Group>
                        </Row>
                      );
                    })}
                    <Group>
                      <Button
                        variant="default"
                        size="xs"
                        onClick={() => update(li, (x) => ({ ...x, breaks: [...x.breaks, emptyBreak()] }))}
                      >
                        Add a break
                      </Button>
                    </Group>

                    <Title order={2} size="h5">
                      Exceptions (leave, holidays)
                    </Title>
                    {l.exceptions.length === 0 && <Text size="sm">No exceptions.</Text>}
                    {l.exceptions.map((x, xi) => {
                      const at = `${base}.exceptions.${xi}`;
                      const setExc = (patch: Partial<typeof x>, field: string) =>
                        update(
                          li,
                          (y) => ({ ...y, exceptions: y.exceptions.map((z, j) => (j === xi ? { ...z, ...patch } : z)) }),
                          `${at}.${field}`,
                        );
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
                            <RemoveButton
                              label={`Remove exception ${xi + 1}`}
                              onClick={() => update(li, (y) => ({ ...y, exceptions: y.exceptions.filter((_, j) => j !== xi) }))}
                            />
                          </Group>
                        </Row>
                      );
                    })}
                    <Group>
                      <Button
                        variant="default"
                        size="xs"
                        onClick={() => update(li, (x) => ({ ...x, exceptions: [...x.exceptions, emptyException()] }))}
                      >
                        Add an exception
                      </Button>
                    </Group>

                    <Checkbox.Group
                      label="Services offered"
                      description="A booking for one of these takes its length and types."
                      value={l.serviceIds}
                      onChange={(v) => update(li, (x) => ({ ...x, serviceIds: v }), `${base}.serviceIds`)}
                      error={err(`${base}.serviceIds`)}
                    >
                      <Group gap="md" mt={4}>
                        {(d?.services ?? []).map((s) => (
                          <Checkbox key={s.id} value={s.id} label={serviceLabel(s, d?.services ?? [])} />
                        ))}
                      </Group>
                    </Checkbox.Group>
                  </Stack>
                </Card>
              );
            })}
            <Group>
              <Button variant="default" onClick={() => setForms((fs) => [...fs, emptyLocation()])}>
                Add a room
              </Button>
            </Group>
            {banner && (
              <Alert color="red" role="alert" title="Not saved">
                {banner}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={saving}>
                Save availability
              </Button>
              <Button variant="default" onClick={() => current.data && setForms(toForm(current.data))}>
                Undo changes
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
