/** The accounts as a table: each username opens the account's details. */
import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/locale.tsx';
import type { AdminUser } from './admin-api.ts';
import { MfaBadge, RoleBadges, StatusBadges } from './AccountBadges.tsx';
import { AccountLinks } from './AccountLinks.tsx';

export function UsersTable({ users, caption, detailsHref }: { users: AdminUser[]; caption: string; detailsHref: (id: string) => string }) {
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover captionSide="top" verticalSpacing="xs">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Username</Table.Th>
            <Table.Th scope="col">Display name</Table.Th>
            <Table.Th scope="col">Roles</Table.Th>
            {/* Ids break anywhere; without a floor the column would shrink to a sliver on narrow screens. */}
            <Table.Th scope="col" miw={220}>
              Links
            </Table.Th>
            <Table.Th scope="col">MFA</Table.Th>
            <Table.Th scope="col">State</Table.Th>
            <Table.Th scope="col">Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>
                <Anchor component={Link} to={detailsHref(u.id)} fw={600}>
                  {u.username}
                </Anchor>
              </Table.Td>
              <Table.Td>{u.displayName}</Table.Td>
              <Table.Td>
                <RoleBadges roles={u.roles} />
              </Table.Td>
              <Table.Td>
                <AccountLinks user={u} />
              </Table.Td>
              <Table.Td>
                <MfaBadge user={u} short />
              </Table.Td>
              <Table.Td>
                <StatusBadges user={u} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {format.date(u.createdAt)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
