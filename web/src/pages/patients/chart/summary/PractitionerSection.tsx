/** The patient's general practitioner (family doctor), as the record names them. */
import { Text } from '@mantine/core';
import type { ChartSummary } from '../chart-api.ts';
import { Nothing, SummarySection } from './SummarySection.tsx';

export function PractitionerSection({ gp }: { gp: ChartSummary['generalPractitioner'] }) {
  return (
    <SummarySection title="General practitioner" restricted={gp === null}>
      {gp ? (
        <Text size="sm">{gp.display ?? gp.reference ?? 'Named, without a name on record'}</Text>
      ) : (
        <Nothing>No general practitioner recorded.</Nothing>
      )}
    </SummarySection>
  );
}
