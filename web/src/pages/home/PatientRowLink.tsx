/** One line of a worklist: time, patient (a link to the chart), what and status. */
import { Anchor, Badge, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/locale.tsx';
import type { PatientRow } from './home-queries.ts';

export function PatientRowLink({ row, showDate }: { row: PatientRow; showDate?: boolean }) {
  const format = useFormat();
  const name = row.patient ? format.name(row.patient.name?.[0]) : 'Patient';
  return (
    <Group justify="space-between" wrap="nowrap" py={4}>
      <Group gap="sm" wrap="nowrap">
        <Text size="sm" c="dimmed" w={showDate ? 150 : 60}>
          {showDate ? format.dateTime(row.when) : format.time(row.when)}
        </Text>
        {row.patientId ? (
          <Anchor component={Link} to={`/patients/${row.patientId}`} size="sm" fw={600}>
            {name}
          </Anchor>
        ) : (
          <Text size="sm">{name}</Text>
        )}
        {row.detail && (
          <Text size="sm" c="dimmed" lineClamp={1}>
            {row.detail}
          </Text>
        )}
      </Group>
      {row.status && (
        <Badge variant="light" size="sm">
          {row.status}
        </Badge>
      )}
    </Group>
  );
}
