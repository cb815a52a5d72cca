/**
 * Move an appointment (/portal/appointments/:id/reschedule): the same service, practitioner
 * and room, a new free time from the week view, then confirm (a reason is optional). Only
 * while the clinic's rules allow it online; otherwise the page says why and whom to call.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { PageLoading } from '../../components/PageLoading.tsx';
import { AppointmentSummary } from './AppointmentSummary.tsx';
import { ConfirmSlotCard } from './ConfirmSlotCard.tsx';
import { refusalText } from './booking-errors.ts';
import {
  PORTAL_KEY,
  fetchMyAppointments,
  fetchServices,
  rescheduleAppointment,
  type PortalAppointment,
  type PortalSlot,
} from './portal-api.ts';
import { SlotWeek } from './SlotWeek.tsx';

export default function RescheduleAppointmentPage() {
  const { appointmentId } = useParams();
  const client = useQueryClient();
  const mine = useQuery({ queryKey: [...PORTAL_KEY, 'mine'], queryFn: ({ signal }) => fetchMyAppointments(signal) });
  const services = useQuery({ queryKey: [...PORTAL_KEY, 'services'], queryFn: ({ signal }) => fetchServices(signal) });
  const [slot, setSlot] = useState<PortalSlot>();
  const [week, setWeek] = useState<string>();
  const [reason, setReason] = useState('');
  const [refusal, setRefusal] = useState<string>();
  const [moved, setMoved] = useState<PortalAppointment>();
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const step = moved ? 'done' : slot ? 'confirm' : 'choose';
  useEffect(() => {
    if (step !== 'choose') stepHeading.current?.focus();
  }, [step]);

  const move = useMutation({
    mutationFn: () => rescheduleAppointment(appointmentId!, { start: slot!.start, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
    onSuccess: (r) => {
      setMoved(r.appointment);
      void client.invalidateQueries({ queryKey: PORTAL_KEY });
    },
    onError: (err) => {
      setRefusal(refusalText(err));
      setSlot(undefined);
      void client.invalidateQueries({ queryKey: [...PORTAL_KEY, 'slots'] });
    },
  });

  if (mine.isPending || services.isPending) return <PageLoading />;
  const failed = mine.error ?? services.error;
  if (failed)
    return (
      <Alert color="red" role="alert">
        {failed.message}
      </Alert>
    );
  const current = moved ?? [...mine.data!.upcoming, ...mine.data!.past].find((a) => a.id === appointmentId);
  const service = services.data!.services.find((s) => s.id === current?.service?.id);
  const back = (
    <Anchor component={Link} to="/portal/appointments" size="sm">
      Back to my appointments
    </Anchor>
  );

  if (moved)
    return (
      <Stack maw={640}>
        <Title order={1} size="h2" ref={stepHeading} tabIndex={-1}>
          Your appointment is moved
        </Title>
        <Card withBorder>
          <AppointmentSummary {...moved} />
        </Card>
        <Group>
          <Button component={Link} to="/portal/appointments">
            My appointments
          </Button>
        </Group>
      </Stack>
    );

  const blocked = !current
    ? 'This appointment is not among yours.'
    : !current.canReschedule
      ? (current.notChangeableReason ?? 'This appointment cannot be moved online; please call the clinic.')
      : !service
        ? 'This service can no longer be booked online; please call the clinic to move the appointment.'
        : undefined;

  return (
    <Stack maw={1100}>
      <Title order={1} size="h2">
        Reschedule an appointment
      </Title>
      {current && (
        <Card withBorder component="section" aria-labelledby="move-current" maw={640}>
          <Title order={2} size="h5" id="move-current" mb={4}>
            Your appointment now
          </Title>
          <AppointmentSummary {...current} />
        </Card>
      )}
      {blocked && (
        <Alert color="yellow" role="alert">
          {blocked}
        </Alert>
      )}
      {refusal && (
        <Alert color="red" role="alert" title="The appointment was not moved">
          {refusal}
        </Alert>
      )}
      {!blocked && current && service && !slot && (
        <Card withBorder component="section" aria-labelledby="move-when">
          <Stack>
            <Title order={2} size="h4" id="move-when">
              Choose a new time
            </Title>
            <Text size="sm">
              With {current.practitioner?.display ?? 'the same practitioner'}
              {current.location?.display ? ` at ${current.location.display}` : ''}.
            </Text>
            <SlotWeek
              service={service}
              {...(current.practitioner ? { practitionerId: current.practitioner.id } : {})}
              {...(current.location ? { locationId: current.location.id } : {})}
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
      {!blocked && current && slot && (
        <ConfirmSlotCard
          id="move-confirm"
          title="Move your appointment to this time?"
          headingRef={stepHeading}
          summary={
            <AppointmentSummary
              start={slot.start}
              timeZone={slot.timeZone}
              service={current.service}
              type={current.type}
              practitioner={slot.practitioner}
              location={slot.location}
            />
          }
          reasonLabel="Why are you moving it?"
          reasonDescription="Optional."
          reason={reason}
          onReasonChange={setReason}
          maxReason={500}
          submitLabel="Move appointment"
          pending={move.isPending}
          onSubmit={() => {
            setRefusal(undefined);
            move.mutate();
          }}
          onChooseAnother={() => setSlot(undefined)}
        />
      )}
      {back}
    </Stack>
  );
}
