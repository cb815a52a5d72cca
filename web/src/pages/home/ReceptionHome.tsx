/** Reception: today's arrivals, and the two things the desk does most, register and find. */
import { Button, Group, SimpleGrid, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { Worklist } from '../../components/Worklist.tsx';
import { useTodaysAppointments } from './home-queries.ts';
import { PatientRowLink } from './PatientRowLink.tsx';
import { RecentCharts } from './RecentCharts.tsx';

export default function ReceptionHome() {
  const arrivals = useTodaysAppointments();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Reception
        </Title>
        <Group>
          <Button component={Link} to="/patients/new">
            Register a patient
          </Button>
          <Button component={Link} to="/patients" variant="default">
            Find a patient
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Worklist title="Today's arrivals" query={arrivals} empty="No appointments today." render={(row) => <PatientRowLink row={row} />} />
        <RecentCharts />
      </SimpleGrid>
    </Stack>
  );
}
