/**
 * Book an appointment (/portal/appointments/book): choose the service, the practitioner
 * (or anyone available), a free time in a week view, then confirm with the kind of visit
 * and a reason. Only services the clinic opens for online booking are offered, and only
 * times within their rules; what the server still refuses (a time taken meanwhile, a rule)
 * is said in plain words, and the patient goes back to choosing a time.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Radio, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { PageLoading } from '../../components/PageLoading.tsx';
import { AppointmentSummary } from './AppointmentSummary.tsx';
import { ConfirmSlotCard } from './ConfirmSlotCard.tsx';
import { refusalText } from './booking-errors.ts';
import {
  PORTAL_KEY,
  TYPE_LABEL,
  bookAppointment,
  fetchServices,
  type AppointmentType,
  type PortalAppointment,
  type PortalService,
  type PortalSlot,
} from './portal-api.ts';
import { SlotWeek } from './SlotWeek.tsx';

const ANYONE = 'any';
const MAX_REASON = 500;

function hoursText(n: number): string {
  return n % 24 === 0 && n >= 24 ? `${n / 24} day${n === 24 ? '' : 's'}` : `${n} hour${n === 1 ? '' : 's'}`;
}

/** The rules in one sentence a patient needs before choosing. */
export function rulesText(s: PortalService): string {
  const parts = [
    s.rules.minNoticeHours ? `at least ${hoursText(s.rules.minNoticeHours)} ahead` : undefined,
    `up to ${s.rules.maxDaysAhead} days ahead`,
  ].filter(Boolean);
  const change = s.rules.cancelCutoffHours
    ? ` You can cancel or move it online until ${hoursText(s.rules.cancelCutoffHours)} before it starts.`
    : ' You can cancel or move it online until it starts.';
  return `Book ${parts.join(' and ')}.${change}`;
}

export default function BookAppointmentPage() {
  const client = useQueryClient();
  const services = useQuery({ queryKey: [...PORTAL_KEY, 'services'], queryFn: ({ signal }) => fetchServices(signal) });
  const [serviceId, setServiceId] = useState<string>();
  const [practitionerId, setPractitionerId] = useState(ANYONE);
  const [slot, setSlot] = useState<PortalSlot>();
  const [week, setWeek] = useState<string>();
  const [type, setType] = useState<AppointmentType>();
  const [reason, setReason] = useState('');
  const [refusal, setRefusal] = useState<string>();
  const [booked, setBooked] = useState<PortalAppointment>();
  const stepHeading = useRef<HTMLHeadingElement>(null);

  const list = services.data?.services ?? [];
  const service = list.find((s) => s.id === serviceId) ?? (list.length === 1 ? list[0] : undefined);
  const chosenType = type && service?.rules.appointmentTypes.includes(type) ? type : service?.rules.appointmentTypes[0];

  const book = useMutation({
    mutationFn: () =>
      bookAppointment({
        serviceId: service!.id,
        practitionerId: slot!.practitioner.id,
        start: slot!.start,
        ...(chosenType ? { type: chosenType } : {}),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: (r) => {
      setBooked(r.appointment);
      void client.invalidateQueries({ queryKey: PORTAL_KEY });
    },
    onError: (err) => {
      setRefusal(refusalText(err));
      // A time taken or no longer allowed: back to the week, with fresh free times.
      setSlot(undefined);
      void client.invalidateQueries({ queryKey: [...PORTAL_KEY, 'slots'] });
    },
  });

  // Each step's heading takes the focus, so keyboard and screen-reader users land on what changed.
  const step = booked ? 'done' : slot ? 'confirm' : 'choose';
  useEffect(() => {
    if (step !== 'choose') stepHeading.current?.focus();
  }, [step]);

  if (services.isPending) return <PageLoading />;
  if (services.isError)
    return (
      <Alert color="red" role="alert">
        {services.error.message}
      </Alert>
    );

  if (booked)
    return (
      <Stack maw={640}>
        <Title order={1} size="h2" ref={stepHeading} tabIndex={-1}>
          Your appointment is booked
        </Title>
        <Card withBorder>
          <AppointmentSummary {...booked} />
        </Card>
        <Text size="sm">
          {booked.changeableUntil
            ? 'If you cannot come, cancel or move it in My appointments in good time, so someone else can have it.'
            : 'If you cannot come, please call the clinic.'}
        </Text>
        <Group>
          <Button component={Link} to="/portal/appointments">
            My appointments
          </Button>
          <Button
            variant="default"
            onClick={() => {
              setBooked(undefined);
              setReason('');
              setRefusal(undefined);
            }}
          >
            Book another appointment
          </Button>
        </Group>
      </Stack>
    );

  return (
    <Stack maw={1100}>
      <Title order={1} size="h2">
        Book an appointment
      </Title>
      {list.length === 0 && (
        <Alert color="yellow" role="status">
          No appointments can be booked online at the moment. Please call the clinic.
        </Alert>
      )}
      {refusal && (
        <Alert color="red" role="alert" title="The appointment was not booked">
          {refusal}
        </Alert>
      )}
      {list.length > 0 && !slot && (
        <>
          <Card withBorder component="section" aria-labelledby="book-what">
            <Stack>
              <Title order={2} size="h4" id="book-what">
                1. What is the appointment for?
              </Title>
              <Radio.Group
                label="Service"
                value={service?.id ?? null}
                onChange={(v) => {
                  setServiceId(v);
                  setPractitionerId(ANYONE);
                  setWeek(undefined);
                  setRefusal(undefined);
                }}
              >
                <Stack gap="xs" mt="xs">
                  {list.map((s) => (
                    <Radio
                      key={s.id}
                      value={s.id}
                      label={`${s.name}${s.provider?.display ? ` at ${s.provider.display}` : ''}${s.durationMinutes ? ` (${s.durationMinutes} minutes)` : ''}`}
                      description={[s.description, rulesText(s)].filter(Boolean).join(' ')}
                    />
                  ))}
                </Stack>
              </Radio.Group>
              {service && (
                <Select
                  label="Who would you like to see?"
                  value={practitionerId}
                  allowDeselect={false}
                  onChange={(v) => {
                    setPractitionerId(v ?? ANYONE);
                    setWeek(undefined);
                  }}
                  data={[
                    { value: ANYONE, label: 'Anyone available' },
                    ...service.practitioners.map((p) => ({ value: p.id, label: p.display ?? p.id })),
                  ]}
                  maw={360}
                />
              )}
            </Stack>
          </Card>
          {service && (
            <Card withBorder component="section" aria-labelledby="book-when">
              <Stack>
                <Title order={2} size="h4" id="book-when">
                  2. Choose a time
                </Title>
                <SlotWeek
                  key={`${service.id}-${practitionerId}`}
                  service={service}
                  {...(practitionerId !== ANYONE ? { practitionerId } : {})}
                  week={week}
                  onWeekChange={setWeek}
                  onPick={(s) => {
                    setRefusal(undefined);
                    setSlot(s);
                  }}
                />
              </Stack>
            </Card>
          )}
        </>
      )}
      {service && slot && (
        <ConfirmSlotCard
          id="book-confirm"
          title="3. Check and confirm"
          headingRef={stepHeading}
          summary={
            <AppointmentSummary
              start={slot.start}
              timeZone={slot.timeZone}
              service={{ name: service.name }}
              practitioner={slot.practitioner}
              location={slot.location}
            />
          }
          reasonLabel="Reason for the appointment"
          reasonDescription="Optional. A few words help the clinic prepare."
          reason={reason}
          onReasonChange={setReason}
          maxReason={MAX_REASON}
          submitLabel="Book appointment"
          pending={book.isPending}
          onSubmit={() => {
            setRefusal(undefined);
            book.mutate();
          }}
          onChooseAnother={() => setSlot(undefined)}
        >
          {service.rules.appointmentTypes.length > 1 && (
            <Select
              label="Kind of appointment"
              value={chosenType ?? null}
              allowDeselect={false}
              onChange={(v) => setType((v as AppointmentType) ?? undefined)}
              data={service.rules.appointmentTypes.map((t) => ({ value: t, label: TYPE_LABEL[t] }))}
              maw={360}
            />
          )}
        </ConfirmSlotCard>
      )}
      <Anchor component={Link} to="/portal/appointments" size="sm">
        Back to my appointments
      </Anchor>
    </Stack>
  );
}
