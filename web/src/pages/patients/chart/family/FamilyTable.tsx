/**
 * The family as a table: who each person is to the patient, how to reach them, and whether
 * they have portal access (yes, no, or not known to this role), with the grant action for
 * those who may grant it.
 */
import { Anchor, Badge, Button, Table, Text } from '@mantine/core';
import { useFormat } from '../../../../i18n/locale.tsx';
import type { RelatedPersonView } from '../chart-api.ts';
import { RELATIONSHIP_LABEL, label } from '../labels.ts';
import { ColumnHeads } from '../../../../components/ColumnHeads.tsx';

export type PortalAccess = { known: true; username?: string } | { known: false };

export function FamilyTable({
  people,
  accessOf,
  onGrant,
}: {
  people: RelatedPersonView[];
  accessOf: (person: RelatedPersonView) => PortalAccess;
  onGrant?: (person: RelatedPersonView) => void;
}) {
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped captionSide="top">
        <Table.Caption>Family members and representatives</Table.Caption>
        <ColumnHeads
          columns={[
            { label: 'Name' },
            { label: 'Relationship' },
            { label: 'Phone' },
            { label: 'Email' },
            { label: 'Born' },
            { label: 'Portal access' },
            { label: 'Actions', hidden: true },
          ]}
        />
        <Table.Tbody>
          {people.map((rp) => {
            const access = accessOf(rp);
            return (
              <Table.Tr key={rp.id}>
                <Table.Td>
                  <Text size="sm" fw={600} span>
                    {rp.name}
                  </Text>{' '}
                  {!rp.active && (
                    <Badge size="xs" color="gray" tt="none">
                      inactive
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{label(RELATIONSHIP_LABEL, rp.relationship) || '—'}</Table.Td>
                <Table.Td>
                  {rp.phone ? (
                    <Anchor href={`tel:${rp.phone.replace(/[^\d+]/g, '')}`} size="sm">
                      {rp.phone}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  {rp.email ? (
                    <Anchor href={`mailto:${rp.email}`} size="sm">
                      {rp.email}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>{rp.birthDate ? format.date(rp.birthDate) : '—'}</Table.Td>
                <Table.Td>
                  {!access.known ? (
                    <Text size="sm" c="dimmed">
                      Not known
                    </Text>
                  ) : access.username ? (
                    <Badge color="teal" variant="light" tt="none">
                      Yes ({access.username})
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light" tt="none">
                      No
                    </Badge>
                  )}
                </Table.Td>
                {onGrant && (
                  <Table.Td>
                    {rp.active && !(access.known && access.username) && (
                      <Button size="xs" variant="light" onClick={() => onGrant(rp)} aria-label={`Grant portal access to ${rp.name}`}>
                        Grant portal access
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
