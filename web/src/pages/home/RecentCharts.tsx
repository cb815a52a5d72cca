/** The charts this user opened last, from this browser. */
import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMe } from '../../auth/session-context.tsx';
import { useFormat } from '../../i18n/locale.tsx';
import { recentPatients } from '../patients/recent-patients.ts';

export function RecentCharts() {
  const me = useMe();
  const format = useFormat();
  const recent = recentPatients(me.user.id);
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="recent-charts">
      <Title order={2} size="h4" id="recent-charts" mb="sm">
        Recent charts
      </Title>
      {recent.length === 0 ? (
        <Text size="sm" c="dimmed">
          Charts you open appear here.
        </Text>
      ) : (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {recent.map((p) => (
            <li key={p.id}>
              <Anchor component={Link} to={`/patients/${p.id}`} size="sm" fw={600}>
                {p.name}
              </Anchor>{' '}
              <Text span size="sm" c="dimmed">
                {[p.birthDate && format.date(p.birthDate), p.mrn].filter(Boolean).join(' · ')}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </Card>
  );
}
