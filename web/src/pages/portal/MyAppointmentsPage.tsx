/**
 * My appointments (/portal/appointments): upcoming ones first, soonest at the top, each
 * with Reschedule and Cancel while the clinic's rules allow them online, or the reason
 * they do not; then past ones. Booking a new appointment starts here too.
 */
import { useState } from 'react';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { PageLoading } from '../../components/PageLoading.tsx';
import { useFormat } from '../../i18n/locale.tsx';
import { AppointmentCard } from './AppointmentCard.tsx';
import { CancelAppointmentModal } from './CancelAppointmentModal.tsx';
import { PORTAL_KEY, fetchMyAppointments, type PortalAppointment } from './portal-api.ts';
import { whenLong } from './portal-time.ts';

export default function MyAppointmentsPage() {
  const { locale } = useFormat();
  const mine = useQuery({ queryKey: [...PORTAL_KEY, 'mine'], queryFn: ({ signal }) => fetchMyAppointments(signal) });
  const [cancelling, setCancelling] = useState<PortalAppointment>();
  const [done, setDone] = useState<string>();

  return (
    <Stack maw={860}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          My appointments
        </Title>
        <Button component={Link} to="/portal/appointments/book">
          Book an appointment
        </Button>
      </Group>
      {done && (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setDone(undefined)}>
          {done}
        </Alert>
      )}
      {mine.isPending && <PageLoading />}
      {mine.isError && (
        <Alert color="red" role="alert">
          {mine.error.message}
        </Alert>
      )}
      {mine.data && (
        <>
          <Stack component="section" aria-labelledby="mine-upcoming" gap="sm">
            <Title order={2} size="h4" id="mine-upcoming">
              Upcoming
            </Title>
            {mine.data.upcoming.length === 0 && <Text>You have no upcoming appointments.</Text>}
            {mine.data.upcoming.map((a) => (
              <AppointmentCard
                key={a.id}
                appointment={a}
                onCancel={(x) => {
                  setDone(undefined);
                  setCancelling(x);
                }}
              />
            ))}
          </Stack>
          <Stack component="section" aria-labelledby="mine-past" gap="sm">
            <Title order={2} size="h4" id="mine-past">
              Past
            </Title>
            {mine.data.past.length === 0 && <Text>No past appointments.</Text>}
            {mine.data.past.map((a) => (
              <AppointmentCard key={a.id} appointment={a} />
            ))}
          </Stack>
        </>
      )}
      <CancelAppointmentModal
        appointment={cancelling}
        onClose={() => setCancelling(undefined)}
        onCancelled={(a) => {
          setCancelling(undefined);
          setDone(`Your appointment on ${whenLong(a.start, a.timeZone, locale)} is cancelled.`);
        }}
      />
    </Stack>
  );
}
