/** A nurse's ward: inpatients now, the nurse's own assigned patients, recent charts. */
import { SimpleGrid, Stack, Title } from '@mantine/core';
import { useMe } from '../../auth/session-context.tsx';
import { Worklist } from '../../components/Worklist.tsx';
import { useEncountersInProgress } from './home-queries.ts';
import { PatientRowLink } from './PatientRowLink.tsx';
import { RecentCharts } from './RecentCharts.tsx';

export default function NurseHome() {
  const me = useMe();
  const assigned = useEncountersInProgress({ practitionerId: me.user.practitionerId });
  const ward = useEncountersInProgress({ inpatient: true });
  return (
    <Stack>
      <Title order={1} size="h2">
        Ward
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Worklist
          title="Assigned to you"
          query={assigned}
          empty="No patients are assigned to you now."
          render={(row) => <PatientRowLink row={row} showDate />}
        />
        <Worklist
          title="Inpatients"
          query={ward}
          empty="No inpatients you can see."
          render={(row) => <PatientRowLink row={row} showDate />}
        />
        <RecentCharts />
      </SimpleGrid>
    </Stack>
  );
}
