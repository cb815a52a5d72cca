/**
 * One account, at /admin/users/:id so it can be linked to: its state, the edit form and
 * the one-off actions. Loaded by id (not taken from the list) so a deep link works and the
 * figures are fresh.
 */
import { Alert, Anchor, Divider, Drawer, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/locale.tsx';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { getUser } from './admin-api.ts';
import { AccountActions } from './AccountActions.tsx';
import { MfaBadge, RoleBadges, StatusBadges } from './AccountBadges.tsx';
import { EditAccountForm } from './EditAccountForm.tsx';

export function UserDetailsDrawer({ userId, onClose }: { userId: string | undefined; onClose: () => void }) {
  const format = useFormat();
  const user = useQuery({
    queryKey: ['admin', 'users', 'one', userId],
    queryFn: ({ signal }) => getUser(userId!, signal),
    enabled: !!userId,
  });
  const u = user.data;
  return (
    <Drawer
      opened={!!userId}
      onClose={onClose}
      title={u ? `Account: ${u.username}` : 'Account'}
      position="right"
      size="xl"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {user.isPending && <PageLoading />}
      {user.isError && (
        <Alert color="red" role="alert">
          {user.error.message}
        </Alert>
      )}
      {u && (
        <Stack>
          <Table variant="vertical" layout="fixed" withTableBorder>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={180} scope="row">
                  Username
                </Table.Th>
                <Table.Td>{u.username}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Roles</Table.Th>
                <Table.Td>
                  <RoleBadges roles={u.roles} />
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">State</Table.Th>
                <Table.Td>
                  <Group gap={4}>
                    <StatusBadges user={u} />
                    <MfaBadge user={u} />
                  </Group>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Created</Table.Th>
                <Table.Td>{format.dateTime(u.createdAt)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Account id</Table.Th>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {u.id}
                  </Text>
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Anchor component={Link} to={`/admin/audit?user=${encodeURIComponent(u.id)}`} size="sm">
            What this account did (audit log)
          </Anchor>
          <Divider />
          <Title order={2} size="h4">
            Actions
          </Title>
          <AccountActions user={u} />
          <Divider />
          <Title order={2} size="h4">
            Details, roles and links
          </Title>
          {/* Keyed by the account so switching accounts starts a fresh form. */}
          <EditAccountForm key={u.id} user={u} />
        </Stack>
      )}
    </Drawer>
  );
}
