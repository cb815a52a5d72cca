/** Administration: the accounts, the break-glass queue waiting for review, the audit trail. */
import { Button, Group, SimpleGrid, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/http.ts';
import { useSession } from '../../auth/session-context.tsx';
import { Figure } from './Figure.tsx';

export default function AdminHome() {
  const { hasRole } = useSession();
  const isAdmin = hasRole('admin');
  const users = useQuery({
    queryKey: ['admin', 'users', 'count'],
    queryFn: async () => (await api<{ users: unknown[] }>('/api/v1/admin/users')).users.length,
    enabled: isAdmin,
  });
  const pending = useQuery({
    queryKey: ['admin', 'break-glass', 'pending-count'],
    queryFn: async () => (await api<{ grants: unknown[] }>('/api/v1/admin/break-glass')).grants.length,
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        Administration
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {isAdmin && <Figure label="User accounts" query={users} />}
        <Figure label="Break-glass uses to review" query={pending} />
      </SimpleGrid>
      <Group>
        {isAdmin && (
          <Button component={Link} to="/admin/users">
            Users and roles
          </Button>
        )}
        <Button component={Link} to="/admin/audit" variant="default">
          Audit log
        </Button>
        <Button component={Link} to="/admin/break-glass" variant="default">
          Break-glass review
        </Button>
      </Group>
    </Stack>
  );
}
