/** Who to call for the patient: emergency contacts, next of kin, employer. */
import { Anchor, Table } from '@mantine/core';
import type { ChartSummary } from '../chart-api.ts';
import { CONTACT_ROLE_LABEL } from '../labels.ts';
import { Nothing, SummarySection } from './SummarySection.tsx';
import { ColumnHeads } from '../../../../components/ColumnHeads.tsx';

export function EmergencyContactsSection({ contacts }: { contacts: ChartSummary['contacts'] }) {
  return (
    <SummarySection title="Emergency contacts">
      {contacts.length === 0 ? (
        <Nothing>No emergency contact recorded.</Nothing>
      ) : (
        <Table>
          <ColumnHeads columns={[{ label: 'Name' }, { label: 'Relationship' }, { label: 'Phone' }]} />
          <Table.Tbody>
            {contacts.map((c, i) => (
              <Table.Tr key={i}>
                <Table.Td>{c.name || '—'}</Table.Td>
                <Table.Td>{(c.relationship && CONTACT_ROLE_LABEL[c.relationship]) ?? c.relationshipDisplay ?? '—'}</Table.Td>
                <Table.Td>
                  {c.phone ? (
                    <Anchor href={`tel:${c.phone.replace(/[^\d+]/g, '')}`} size="sm">
                      {c.phone}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SummarySection>
  );
}
