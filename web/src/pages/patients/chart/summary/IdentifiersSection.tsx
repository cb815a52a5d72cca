/**
 * The patient's identifiers besides the MRN. National ids show their last 4 characters until
 * the user asks for the whole number: a chart on screen should not show an SSN to passers-by.
 */
import { useState } from 'react';
import { Button, Table } from '@mantine/core';
import type { RegistrationRead } from '../chart-api.ts';
import { IDENTIFIER_TYPE_LABEL, label } from '../labels.ts';
import { Nothing, SummarySection } from './SummarySection.tsx';
import { ColumnHeads } from '../../../../components/ColumnHeads.tsx';

type Identifier = NonNullable<RegistrationRead['identifiers']>[number];

function Value({ identifier }: { identifier: Identifier }) {
  const [shown, setShown] = useState(false);
  if (identifier.type !== 'national' || identifier.value.length <= 4) return <>{identifier.value}</>;
  return (
    <>
      {shown ? identifier.value : `•••${identifier.value.slice(-4)}`}{' '}
      <Button
        size="compact-xs"
        variant="subtle"
        onClick={() => setShown((s) => !s)}
        aria-label={shown ? 'Hide the national id' : 'Show the whole national id'}
      >
        {shown ? 'Hide' : 'Show'}
      </Button>
    </>
  );
}

export function IdentifiersSection({ identifiers }: { identifiers: Identifier[] }) {
  return (
    <SummarySection title="Identifiers">
      {identifiers.length === 0 ? (
        <Nothing>No identifiers besides the MRN.</Nothing>
      ) : (
        <Table>
          <ColumnHeads columns={[{ label: 'Type' }, { label: 'Number' }, { label: 'Issuer (system)' }]} />
          <Table.Tbody>
            {identifiers.map((i, n) => (
              <Table.Tr key={n}>
                <Table.Td>{label(IDENTIFIER_TYPE_LABEL, i.type)}</Table.Td>
                <Table.Td>
                  <Value identifier={i} />
                </Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{i.system ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SummarySection>
  );
}
