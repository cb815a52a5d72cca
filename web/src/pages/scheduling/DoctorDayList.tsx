/**
 * A clinician's day on their home: today's appointments with them (today in their schedule's
 * zone), each with its state in words and the next step: start the consultation once the
 * patient is checked in, complete the visit after. Refreshed on focus and every 30 s.
 */
import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/locale.tsx';
import { listAppointments } from './scheduling-api.ts';
import { canComplete, canStart, statusInfo, typeInfo } from './status.ts';
import { useVisitStep } from './use-visit-step.ts';
import { browserZone, zoneFormat } from './zone-time.ts';

export function DoctorDayList({ practitionerId }: { practitionerId: string | undefined }) {
  const { locale } = useFormat();
  const visit = useVisitStep();
  const day = useQuery({
    queryKey: ['scheduling', 'my-day', practitionerId],
    queryFn: ({ signal }) =>
      listAppointments({ practitioner: practitionerId, status: 'pending,booked,arrived,checked-in,fulfilled,noshow' }, signal),
    enabled: !!practitionerId,
    refetchOnWindowFocus: true,
    refetchInterval: 30_000,
  });
  const list = day.data?.appointments ?? [];
  const waiting = list.filter((a) => a.status === 'arrived').length;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="todays-patients">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Title order={2} size="h4" id="todays-patients">
            Today's patients
          </Title>
          {day.data && <Badge variant="light">{list.length}</Badge>}
          {waiting > 0 && (
            <Badge color="teal" tt="none">
              {waiting} waiting
            </Badge>
          )}
        </Group>
        {practitionerId && (
          <Anchor component={Link} to={`/schedule?view=day&by=practitioner&id=${encodeURIComponent(practitionerId)}`} size="sm">
            My day in the calendar
          </Anchor>
        )}
      </Group>
      {!practitionerId && <Text size="sm">This account is not linked to a practitioner, so it has no appointments of its own.</Text>}
      {day.isPending && practitionerId && (
        <Group role="status">
          <Loader size="xs" aria-hidden /> <Text size="sm">Loading…</Text>
        </Group>
      )}
      {day.isError && (
        <Alert color="red" role="alert">
          {day.error.message}
        </Alert>
      )}
      {day.data && list.length === 0 && <Text size="sm">Nobody is booked with you today.</Text>}
      {list.length > 0 && (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Today's appointments">
          {list.map((a) => {
            const fmt = zoneFormat(locale, a.timeZone ?? day.data?.timeZone ?? browserZone());
            const status = statusInfo(a.status);
            const who = a.patient?.display ?? 'Patient';
            return (
              <li key={a.id} data-appointment-id={a.id}>
                <Group justify="space-between" wrap="nowrap" py={4} align="flex-start">
                  <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: 1, minWidth: 0 }}>
                    <Text size="sm" c="gray.7" style={{ whiteSpace: 'nowrap' }}>
                      {a.start ? fmt.time(a.start) : ''}
                    </Text>
                    <div style={{ minWidth: 0 }}>
                      {a.patient ? (
                        <Anchor component={Link} to={`/patients/${a.patient.id}`} size="sm" fw={600}>
                          {who}
                        </Anchor>
                      ) : (
                        <Text size="sm">{who}</Text>
                      )}
                      <Text size="xs" c="gray.7" lineClamp={1}>
                        {typeInfo(a.type).label}
                        {a.reason ? ` · ${a.reason}` : ''}
                      </Text>
                    </div>
                  </Group>
                  <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                    <Badge variant="light" color={status.color} size="sm" tt="none">
                      {status.label}
                    </Badge>
                    {canStart(a.status) && (
                      <Button
                        size="compact-xs"
                        onClick={() => visit.mutate({ id: a.id, step: 'start', who })}
                        loading={visit.isPending}
                        aria-label={`Start consultation with ${who}`}
                      >
                        Start
                      </Button>
                    )}
                    {a.status === 'checked-in' && canComplete(a.status) && (
                      <Button
                        size="compact-xs"
                        onClick={() => visit.mutate({ id: a.id, step: 'complete', who })}
                        loading={visit.isPending}
                        aria-label={`Complete visit of ${who}`}
                      >
                        Complete
                      </Button>
                    )}
                  </Group>
                </Group>
              </li>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
