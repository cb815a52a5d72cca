/**
 * Reception: today's counts by state (each linking to that tab of the Today list), the
 * patients still expected, and the things the desk does most: register, find, book.
 */
import { Anchor, Button, Group, SimpleGrid, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { Worklist } from '../../components/Worklist.tsx';
import { useExpectedToday, useTodayCount } from './home-queries.ts';
import { Figure } from './Figure.tsx';
import { PatientRowLink } from './PatientRowLink.tsx';
import { RecentCharts } from './RecentCharts.tsx';

const FIGURES: [string, string][] = [
  ['expected', 'Expected'],
  ['arrived', 'Checked in'],
  ['consultation', 'In consultation'],
  ['done', 'Done'],
];

function TodayFigure({ column, label }: { column: string; label: string }) {
  const count = useTodayCount(column);
  return (
    <Anchor component={Link} to={`/schedule/today?state=${column}`} underline="never" aria-label={`${label} today: open the list`}>
      <Figure label={`${label} today`} query={count} />
    </Anchor>
  );
}

export default function ReceptionHome() {
  const expected = useExpectedToday();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Reception
        </Title>
        <Group>
          <Button component={Link} to="/schedule/today">
            Today's list
          </Button>
          <Button component={Link} to="/patients/new" variant="default">
            Register a patient
          </Button>
          <Button component={Link} to="/patients" variant="default">
            Find a patient
          </Button>
          <Button component={Link} to="/schedule" variant="default">
            Calendar
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {FIGURES.map(([column, label]) => (
          <TodayFigure key={column} column={column} label={label} />
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Worklist
          title="Still expected today"
          query={expected}
          empty="Nobody else is expected today."
          render={(row) => <PatientRowLink row={row} />}
          action={
            <Anchor component={Link} to="/schedule/today" size="sm">
              Check in
            </Anchor>
          }
        />
        <RecentCharts />
      </SimpleGrid>
    </Stack>
  );
}
