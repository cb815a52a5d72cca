/**
 * A practitioner's waitlist: who waits, for which days, since when, and the offer each got
 * when a booked time was cancelled (an offer holds no time: whoever books first gets it).
 */
import { Alert, Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useFormat } from '../../i18n/locale.tsx';
import { listWaitlist } from './scheduling-api.ts';
import { statusInfo } from './status.ts';
import { zoneFormat } from './zone-time.ts';

export function WaitlistPanel({ practitionerId, practitionerName }: { practitionerId: string; practitionerName: string }) {
  const format = useFormat();
  const list = useQuery({
    queryKey: ['scheduling', 'waitlist', practitionerId],
    queryFn: ({ signal }) => listWaitlist(practitionerId, signal),
  });
  const entries = list.data?.entries ?? [];
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="waitlist-heading">
      <Group gap="xs" mb="xs">
        <Title order={2} size="h5" id="waitlist-heading">
          Waitlist: {practitionerName}
        </Title>
        {list.data && <Badge variant="light">{entries.length}</Badge>}
      </Group>
      {list.isPending && (
        <Group role="status">
          <Loader size="xs" aria-hidden /> <Text size="sm">Loading the waitlist…</Text>
        </Group>
      )}
      {list.isError && (
        <Alert color="red" role="alert">
          {list.error.message}
        </Alert>
      )}
      {list.data && entries.length === 0 && <Text size="sm">Nobody is waiting.</Text>}
      <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {entries.map((e) => {
          const window = [e.from && format.date(e.from), e.to && format.date(e.to)].filter(Boolean).join(' – ');
          const offerZone = e.offer?.timeZone;
          return (
            <li key={e.id}>
              <Text size="sm" fw={600}>
                {e.patient?.display ?? e.patient?.id}
              </Text>
              <Text size="xs" c="gray.7">
                {window ? `Wants ${window}` : 'Any time'}
                {e.addedAt ? ` · waiting since ${format.date(e.addedAt)}` : ''}
                {e.note ? ` · ${e.note}` : ''}
              </Text>
              {e.offer && (
                <Text size="xs">
                  <Badge size="xs" color={statusInfo(e.offer.status).color} tt="none" mr={4}>
                    {statusInfo(e.offer.status).label}
                  </Badge>
                  {e.offer.start && offerZone ? zoneFormat(format.locale, offerZone).dateTime(e.offer.start) : ''}
                  {e.offer.location?.display ? `, ${e.offer.location.display}` : ''}
                </Text>
              )}
            </li>
          );
        })}
      </Stack>
    </Card>
  );
}
