/** What an appointment is, in a few lines a patient reads at a glance: when, what, with whom, where. */
import { Stack, Text } from '@mantine/core';
import { useFormat } from '../../i18n/locale.tsx';
import { TYPE_LABEL, type AppointmentType, type Party } from './portal-api.ts';
import { whenLong } from './portal-time.ts';

export function AppointmentSummary({
  start,
  timeZone,
  service,
  type,
  practitioner,
  location,
  reason,
}: {
  start?: string;
  timeZone?: string;
  service?: Party | { name: string };
  type?: AppointmentType;
  practitioner?: Party;
  location?: Party;
  reason?: string;
}) {
  const { locale } = useFormat();
  const serviceName = service ? ('name' in service ? service.name : (service.display ?? 'Appointment')) : 'Appointment';
  return (
    <Stack gap={2}>
      <Text fw={700}>{whenLong(start, timeZone, locale)}</Text>
      <Text size="sm">
        {serviceName}
        {type ? ` · ${TYPE_LABEL[type]}` : ''}
      </Text>
      {practitioner && <Text size="sm">With {practitioner.display ?? 'your practitioner'}</Text>}
      {location && <Text size="sm">At {location.display ?? 'the clinic'}</Text>}
      {reason && <Text size="sm">Reason: {reason}</Text>}
    </Stack>
  );
}
