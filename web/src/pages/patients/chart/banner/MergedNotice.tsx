/**
 * On a record that was merged away: where its data went now. Everything current lives on the
 * survivor, so the link to it is the most useful thing on this page.
 */
import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useSurvivorName } from './MergedIntoLink.tsx';

export function MergedNotice({ targetId }: { targetId: string }) {
  const name = useSurvivorName(targetId);
  return (
    <Alert color="violet" title="This record was merged into another">
      <Text size="sm">
        Its encounters, results and documents now belong to{' '}
        {/* Underlined in the notice's own colour: the app's teal link falls short of AA contrast on the violet tint. */}
        <Anchor component={Link} to={`/patients/${targetId}`} fw={700} c="violet.9" underline="always">
          {name ?? 'the surviving record'}
        </Anchor>
        . Open that record for current information.
      </Text>
    </Alert>
  );
}
