/**
 * Who pays: the active coverages, primary first, with their validity (an ended one is marked,
 * since the front desk must ask for a new card), and the guarantor.
 */
import { Badge, Table, Text } from '@mantine/core';
import { todayDate } from '../../../../api/fhir.ts';
import { useFormat } from '../../../../i18n/locale.tsx';
import type { ChartSummary, RegistrationRead } from '../chart-api.ts';
import { RELATIONSHIP_LABEL, label } from '../labels.ts';
import { Nothing, SummarySection } from './SummarySection.tsx';
import { ColumnHeads } from '../../../../components/ColumnHeads.tsx';

type Coverage = NonNullable<ChartSummary['coverages']>[number];

function Validity({ coverage }: { coverage: Coverage }) {
  const format = useFormat();
  const { start, end } = coverage;
  const today = todayDate();
  const text =
    start && end
      ? `${format.date(start)} – ${format.date(end)}`
      : start
        ? `from ${format.date(start)}`
        : end
          ? `until ${format.date(end)}`
          : 'No dates recorded';
  return (
    <>
      {text}{' '}
      {end && end < today && (
        <Badge size="xs" color="red" variant="light" tt="none">
          ended
        </Badge>
      )}
      {start && start > today && (
        <Badge size="xs" color="blue" variant="light" tt="none">
          not started
        </Badge>
      )}
    </>
  );
}

function guarantorText(guarantor: RegistrationRead['guarantor'], summary: ChartSummary): string {
  if (!guarantor) return 'Not recorded';
  if ('self' in guarantor) return 'The patient';
  if ('relatedPersonId' in guarantor) {
    const person = summary.relatedPersons?.find((r) => r.id === guarantor.relatedPersonId);
    return person
      ? `${person.name}${person.relationship ? ` (${label(RELATIONSHIP_LABEL, person.relationship).toLowerCase()})` : ''}`
      : 'A related person (see Family)';
  }
  return guarantor.person.name;
}

export function InsuranceSection({ summary, registration }: { summary: ChartSummary; registration?: RegistrationRead }) {
  const coverages = summary.coverages;
  return (
    <SummarySection title="Insurance" restricted={coverages === null}>
      {coverages && coverages.length === 0 && (
        <Nothing>No active coverage: the patient pays themselves unless a guarantor is named.</Nothing>
      )}
      {coverages && coverages.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <ColumnHeads
              columns={[
                { label: 'Order' },
                { label: 'Payer' },
                { label: 'Plan' },
                { label: 'Member id' },
                { label: 'Group' },
                { label: 'Valid' },
              ]}
            />
            <Table.Tbody>
              {coverages.map((c) => (
                <Table.Tr key={c.id ?? c.memberId}>
                  <Table.Td>
                    <Badge size="sm" variant={c.order === 1 ? 'filled' : 'light'} tt="none">
                      {c.order === 1 ? 'Primary' : 'Secondary'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{c.payer ?? c.payerName ?? '—'}</Table.Td>
                  <Table.Td>{c.plan ?? '—'}</Table.Td>
                  <Table.Td>{c.memberId || '—'}</Table.Td>
                  <Table.Td>{c.groupNumber ?? '—'}</Table.Td>
                  <Table.Td>
                    <Validity coverage={c} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {registration && (
        <Text size="sm" mt="sm">
          <Text span c="dimmed">
            Guarantor:
          </Text>{' '}
          {guarantorText(registration.guarantor, summary)}
        </Text>
      )}
    </SummarySection>
  );
}
