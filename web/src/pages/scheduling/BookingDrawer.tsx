/**
 * Booking: the patient, then a free time found by practitioner, specialty, service, room and
 * days (or the earliest free time), then type, reason, priority and notes. An emergency or
 * walk-in can go over the schedule only with the explicit switch and a reason (the server
 * audits it). When nothing suits, the patient goes on the practitioner's waitlist. The
 * server's field errors appear at the controls they concern; nothing typed is lost.
 */
import { useEffect, useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Drawer,
  Fieldset,
  Group,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../../api/http.ts';
import { useFormat } from '../../i18n/locale.tsx';
import { addToWaitlist, bookAppointment, findSlots } from './scheduling-api.ts';
import { bookingBody, bookingFieldFor, checkBooking, emptyBooking, type BookingValues } from './booking-form.ts';
import { serviceLabel, useDirectory } from './directory.ts';
import { PatientPicker } from './PatientPicker.tsx';
import { SlotList } from './SlotList.tsx';
import { PRIORITIES, TYPES } from './status.ts';
import { useRefreshScheduling } from './use-visit-step.ts';
import { addDays, browserZone, todayIn, zoneFormat } from './zone-time.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function BookingDrawer({ opened, onClose, initial }: { opened: boolean; onClose: () => void; initial?: Partial<BookingValues> }) {
  const today = todayIn(browserZone());
  const [values, setValues] = useState<BookingValues>(() => emptyBooking(today, initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string>();
  const [earliest, setEarliest] = useState(false);
  const [saving, setSaving] = useState<'book' | 'waitlist'>();
  // "Now" as of the opening: the slot search's key must not change on every render.
  const [openedAt, setOpenedAt] = useState(() => new Date().toISOString());
  const directory = useDirectory();
  const refresh = useRefreshScheduling();
  const { locale } = useFormat();

  useEffect(() => {
    if (opened) {
      setValues(emptyBooking(today, { to: addDays(initial?.from ?? today, 6), ...initial }));
      setErrors({});
      setBanner(undefined);
      setEarliest(false);
      setOpenedAt(new Date().toISOString());
    }
    // Only a fresh opening starts a fresh form.
  }, [opened]);

  const set = <K extends keyof BookingValues>(key: K, value: BookingValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => {
      const { [key as string]: _gone, ...rest } = e;
      return rest;
    });
  };
  // A filter change makes the chosen slot stale.
  const setFilter = <K extends 'practitionerId' | 'specialty' | 'serviceId' | 'locationId' | 'from' | 'to'>(key: K, value: string) => {
    setValues((v) => ({ ...v, [key]: value, slot: undefined }));
    setErrors((e) => {
      const { [key]: _a, slot: _b, ...rest } = e;
      return rest;
    });
  };

  const validDays = DAY.test(values.from) && (earliest || DAY.test(values.to));
  // Today starts now: times already past are not offered (book them over the schedule if needed).
  const fromParam = values.from === today ? openedAt : values.from;
  const slotParams = {
    practitioner: values.practitionerId || undefined,
    specialty: values.specialty || undefined,
    service: values.serviceId || undefined,
    location: values.locationId || undefined,
    from: fromParam,
    ...(earliest ? { earliest: true } : { to: values.to, limit: 300 }),
  };
  const slots = useQuery({
    queryKey: ['scheduling', 'slots', 'booking', slotParams],
    queryFn: ({ signal }) => findSlots(slotParams, signal),
    enabled: opened && !values.overbook && validDays,
  });
  const slotServerError = slots.error instanceof ApiError ? slots.error : undefined;

  const zoneOf = (locationId: string) => directory.data?.rooms.find((r) => r.id === locationId)?.timeZone;
  const place = (err: unknown, mapField: (f: string | undefined) => string | undefined) => {
    if (!(err instanceof ApiError)) {
      setBanner('Something went wrong. Your entries are kept; try again.');
      return;
    }
    const placed: Record<string, string> = {};
    const rest: string[] = [];
    for (const d of err.details) {
      const field = mapField(d.field);
      // A bare "is required" says less than the whole message; a longer detail speaks for itself.
      const text =
        err.details.length === 1 && d.message.split(' ').length <= 3 ? err.message : d.message.charAt(0).toUpperCase() + d.message.slice(1);
      if (field) placed[field] = text;
      else rest.push(d.field ? `${d.field}: ${d.message}` : d.message);
    }
    setErrors(placed);
    setBanner(!err.details.length ? err.message : rest.length ? `${err.message}` : 'Not booked: the problems are marked at their fields.');
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-booking-form] [aria-invalid="true"]')?.focus());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBanner(undefined);
    const found = checkBooking(values);
    if (Object.keys(found).length) {
      setErrors(found);
      setBanner('Some entries need attention; they are marked.');
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-booking-form] [aria-invalid="true"]')?.focus());
      return;
    }
    setSaving('book');
    try {
      const body = bookingBody(values, zoneOf);
      await bookAppointment(body);
      const zone = values.slot?.timeZone ?? ((values.locationId && zoneOf(values.locationId)) || browserZone());
      notifications.show({
        color: 'green',
        title: 'Appointment booked',
        message: `${values.patient!.name}, ${zoneFormat(locale, zone).dateTime(body.start)}`,
      });
      await refresh();
      onClose();
    } catch (err) {
      place(err, (f) => bookingFieldFor(f, values.overbook));
    } finally {
      setSaving(undefined);
    }
  };

  const waitlist = async () => {
    setBanner(undefined);
    const found: Record<string, string> = {};
    if (!values.patient) found.patient = 'Choose the patient';
    if (!values.practitionerId) found.practitionerId = 'Choose whose waitlist';
    if (Object.keys(found).length) {
      setErrors(found);
      return;
    }
    setSaving('waitlist');
    try {
      await addToWaitlist({
        patientId: values.patient!.id,
        practitionerId: values.practitionerId,
        ...(values.locationId ? { locationId: values.locationId } : {}),
        ...(DAY.test(values.from) ? { from: values.from } : {}),
        ...(DAY.test(values.to) && !earliest ? { to: values.to } : {}),
        type: values.type,
        ...(values.reason.trim() || values.notes.trim()
          ? { note: [values.reason.trim(), values.notes.trim()].filter(Boolean).join('. ') }
          : {}),
      });
      notifications.show({
        color: 'green',
        title: 'Added to the waitlist',
        message: `${values.patient!.name} is offered the first freed time that suits.`,
      });
      await refresh();
      onClose();
    } catch (err) {
      const map: Record<string, string> = {
        patientId: 'patient',
        practitionerId: 'practitionerId',
        from: 'from',
        to: 'to',
        note: 'notes',
        type: 'type',
        locationId: 'locationId',
      };
      place(err, (f) => (f ? map[f] : undefined));
    } finally {
      setSaving(undefined);
    }
  };

  const d = directory.data;
  const option = (label: string) => [{ value: '', label }];
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="xl"
      title="Book an appointment"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate data-booking-form aria-label="Book an appointment">
        <Stack>
          <Fieldset legend="Patient">
            <PatientPicker value={values.patient} onChange={(p) => set('patient', p)} error={errors.patient} />
          </Fieldset>

          <Fieldset legend="Find a time">
            <Stack gap="sm">
              {directory.isPending && (
                <Group role="status">
                  <Loader size="xs" aria-hidden /> <Text size="sm">Loading practitioners and rooms…</Text>
                </Group>
              )}
              {directory.isError && (
                <Alert color="red" role="alert">
                  {directory.error.message}
                </Alert>
              )}
              <SimpleGrid cols={2}>
                <NativeSelect
                  label="Practitioner"
                  value={values.practitionerId}
                  onChange={(e) => setFilter('practitionerId', e.currentTarget.value)}
                  data={[...option('Any practitioner'), ...(d?.practitioners ?? []).map((p) => ({ value: p.id, label: p.name }))]}
                  error={errors.practitionerId}
                />
                <NativeSelect
                  label="Specialty"
                  value={values.specialty}
                  onChange={(e) => setFilter('specialty', e.currentTarget.value)}
                  data={[...option('Any specialty'), ...(d?.specialties ?? []).map((s) => ({ value: s.token, label: s.label }))]}
                />
                <NativeSelect
                  label="Service"
                  value={values.serviceId}
                  onChange={(e) => setFilter('serviceId', e.currentTarget.value)}
                  data={[
                    ...option('Any service'),
                    ...(d?.services ?? []).map((s) => ({ value: s.id, label: serviceLabel(s, d?.services ?? []) })),
                  ]}
                  error={errors.serviceId}
                />
                <NativeSelect
                  label="Room"
                  value={values.locationId}
                  onChange={(e) => setFilter('locationId', e.currentTarget.value)}
                  data={[...option('Any room'), ...(d?.rooms ?? []).map((r) => ({ value: r.id, label: r.name }))]}
                  error={errors.locationId}
                />
                <TextInput
                  type="date"
                  label="From"
                  value={values.from}
                  onChange={(e) => setFilter('from', e.currentTarget.value)}
                  error={errors.from}
                />
                <TextInput
                  type="date"
                  label="To"
                  value={values.to}
                  disabled={earliest}
                  onChange={(e) => setFilter('to', e.currentTarget.value)}
                  error={errors.to}
                />
              </SimpleGrid>
              <Switch
                label="Earliest available only"
                description="The first free time from the From day on (up to three months)."
                checked={earliest}
                onChange={(e) => {
                  setEarliest(e.currentTarget.checked);
                  set('slot', undefined);
                }}
                disabled={values.overbook}
              />
              {!values.overbook && (
                <div role="group" aria-labelledby="free-times-label" aria-describedby={errors.slot ? 'slot-error' : undefined}>
                  <Text fw={600} size="sm" id="free-times-label" mb={4}>
                    Free times
                  </Text>
                  {slots.isFetching && (
                    <Group role="status">
                      <Loader size="xs" aria-hidden /> <Text size="sm">Finding free times…</Text>
                    </Group>
                  )}
                  {slotServerError && (
                    <Alert color="red" role="alert">
                      {slotServerError.message}
                    </Alert>
                  )}
                  {slots.data && slots.data.slots.length === 0 && (
                    <Text size="sm">
                      No free time matches. Change the filters, add the patient to the waitlist, or book over the schedule.
                    </Text>
                  )}
                  {slots.data && (
                    <SlotList
                      slots={slots.data.slots}
                      chosen={values.slot}
                      onChoose={(s) => set('slot', s)}
                      showPractitioner={!values.practitionerId}
                      headingLevel={4}
                    />
                  )}
                  {errors.slot && (
                    <Text c="red.8" size="sm" id="slot-error" role="alert" mt={4}>
                      {errors.slot}
                    </Text>
                  )}
                </div>
              )}
            </Stack>
          </Fieldset>

          <Fieldset legend="Over the schedule">
            <Stack gap="sm">
              <Switch
                label="Book over the schedule (emergency or walk-in)"
                description="Allows a time outside availability or over booked time. Needs a reason; it is audited."
                checked={values.overbook}
                onChange={(e) => set('overbook', e.currentTarget.checked)}
                color="orange"
              />
              {values.overbook && (
                <SimpleGrid cols={2}>
                  <TextInput
                    type="datetime-local"
                    label="Start (the room's local time)"
                    required
                    value={values.overbookStart}
                    onChange={(e) => set('overbookStart', e.currentTarget.value)}
                    error={errors.overbookStart}
                  />
                  <TextInput
                    type="number"
                    label="Length in minutes"
                    required
                    min={1}
                    max={1440}
                    value={values.durationMinutes}
                    onChange={(e) => set('durationMinutes', e.currentTarget.value)}
                    error={errors.durationMinutes}
                  />
                  <TextInput
                    label="Reason for going over the schedule"
                    required
                    value={values.overbookReason}
                    onChange={(e) => set('overbookReason', e.currentTarget.value)}
                    error={errors.overbookReason}
                    style={{ gridColumn: '1 / -1' }}
                  />
                </SimpleGrid>
              )}
            </Stack>
          </Fieldset>

          <Fieldset legend="Details">
            <SimpleGrid cols={2}>
              <NativeSelect
                label="Type"
                required
                value={values.type}
                onChange={(e) => set('type', e.currentTarget.value)}
                data={TYPES}
                error={errors.type}
              />
              <NativeSelect
                label="Priority"
                value={values.priority}
                onChange={(e) => set('priority', e.currentTarget.value)}
                data={PRIORITIES}
                error={errors.priority}
              />
              <TextInput
                label="Reason for the visit"
                value={values.reason}
                onChange={(e) => set('reason', e.currentTarget.value)}
                error={errors.reason}
                style={{ gridColumn: '1 / -1' }}
              />
              <Textarea
                label="Notes"
                autosize
                minRows={2}
                value={values.notes}
                onChange={(e) => set('notes', e.currentTarget.value)}
                error={errors.notes}
                style={{ gridColumn: '1 / -1' }}
              />
            </SimpleGrid>
          </Fieldset>

          {banner && (
            <Alert color="red" role="alert" title="Not saved">
              {banner}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={saving === 'book'} color={values.overbook ? 'orange' : undefined}>
              {values.overbook ? 'Book over the schedule' : 'Book appointment'}
            </Button>
            <Button variant="default" onClick={() => void waitlist()} loading={saving === 'waitlist'}>
              Add to waitlist
            </Button>
            <Button variant="subtle" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
