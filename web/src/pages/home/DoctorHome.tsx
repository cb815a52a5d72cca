/** A doctor's day: the patients booked with them today (start and complete each visit), those under their care now, recent charts. */
import { SimpleGrid, Stack, Title } from '@mantine/core';
import { useMe } from '../../auth/session-context.tsx';
import { Worklist } from '../../components/Worklist.tsx';
import { DoctorDayList } from '../scheduling/DoctorDayList.tsx';
import { useEncountersInProgress } from './home-queries.ts';
import { PatientRowLink } from './PatientRowLink.tsx';
import { RecentCharts } from './RecentCharts.tsx';

export default function DoctorHome() {
  const me = useMe();
  const practitionerId = me.user.practitionerId;
  const current = useEncountersInProgress({ practitionerId });
  return (
    <Stack>
      <Title order={1} size="h2">
        Today, {me.user.displayName}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <DoctorDayList practitionerId={practitionerId} />
        <Worklist
          title="Under your care now"
          query={current}
          empty="No open encounters."
          render={(row) => <PatientRowLink row={row} showDate />}
        />
        <RecentCharts />
      </SimpleGrid>
    </Stack>
  );
}
