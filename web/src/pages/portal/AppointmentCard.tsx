/**
 * One of the patient's appointments: what, when, with whom, its status, and what the
 * patient may do with it online (move, cancel), or why not.
 */
import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/locale.tsx';
import { AppointmentSummary } from './AppointmentSummary.tsx';
import { STATUS_LABEL, type PortalAppointment } from './portal-api.ts';
import { whenLong } from './portal-time.ts';

const STATUS_COLOR: Record<string, string> = { booked: 'teal', pending: 'yellow', cancelled: 'gray', noshow: 'red' };

export function AppointmentCard({
  appointment: a,
  onCancel,
}: {
  appointment: PortalAppointment;
  onCancel?: (a: PortalAppointment) => void;
}) {
  const { locale } = useFormat();
  const label = `${a.service?.display ?? 'Appointment'}, ${whenLong(a.start, a.timeZone, locale)}`;
  return (
    <Card withBorder component="article" aria-label={label} padding="sm">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <AppointmentSummary {...a} />
        <Badge color={STATUS_COLOR[a.status] ?? 'blue'} variant="light" style={{ flexShrink: 0 }}>
          {STATUS_LABEL[a.status] ?? a.status}
        </Badge>
      </Group>
      {onCancel && (a.canCancel || a.canReschedule) && (
        <Stack gap={6} mt="sm">
          <Group gap="sm">
            {a.canReschedule && (
              <Button component={Link} to={`/portal/appointments/${encodeURIComponent(a.id)}/reschedule`} variant="light" size="sm">
                Reschedule
              </Button>
            )}
            {a.canCancel && (
              <Button variant="default" size="sm" onClick={() => onCancel(a)}>
                Cancel
              </Button>
            )}
          </Group>
          {a.changeableUntil && (
            <Text size="xs" c="dimmed">
              You can change this online until {whenLong(a.changeableUntil, a.timeZone, locale)}.
            </Text>
          )}
        </Stack>
      )}
      {onCancel && !a.canCancel && !a.canReschedule && a.notChangeableReason && a.status !== 'cancelled' && (
        <Text size="sm" mt="sm">
          {a.notChangeableReason}
        </Text>
      )}
    </Card>
  );
}
