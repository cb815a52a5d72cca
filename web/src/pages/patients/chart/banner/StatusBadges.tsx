/** The record's status at a glance: inactive, deceased (with the date), merged (with a link to the record kept). Nothing when the record is simply active. */
import { Badge, Group } from '@mantine/core';
import { useFormat } from '../../../../i18n/locale.tsx';
import type { ChartSummary } from '../chart-api.ts';
import { deathOf } from '../death.ts';
import { MergedIntoLink } from './MergedIntoLink.tsx';

export function StatusBadges({ patient }: { patient: ChartSummary['patient'] }) {
  const format = useFormat();
  const deceased = deathOf(patient);
  return (
    <Group gap="xs">
      {patient.mergedInto ? (
        <>
          <Badge color="violet" variant="filled" tt="none">
            Merged
          </Badge>
          <MergedIntoLink targetId={patient.mergedInto} />
        </>
      ) : (
        !patient.active && (
          <Badge color="gray" variant="filled" tt="none">
            Inactive
          </Badge>
        )
      )}
      {deceased && (
        <Badge color="dark" variant="filled" tt="none">
          {deceased.dateTime ? `Deceased ${format.date(deceased.dateTime)}` : 'Deceased'}
        </Badge>
      )}
    </Group>
  );
}
