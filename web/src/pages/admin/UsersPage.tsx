/**
 * Users and roles (/admin/users, admin only): find accounts, create one (its temporary
 * password shown once), and open one at /admin/users/:id to edit it or reset it. The search
 * lives in the URL query so a filtered list survives opening an account and coming back.
 */
import { useState } from 'react';
import { Alert, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { listUsers, type AdminUser } from './admin-api.ts';
import { ROLE_INFO } from './account-rules.ts';
import { CreateUserDrawer } from './CreateUserDrawer.tsx';
import { Pager } from '../../components/Pager.tsx';
import { TemporaryPasswordModal } from './TemporaryPasswordModal.tsx';
import { UserDetailsDrawer } from './UserDetailsDrawer.tsx';
import { UsersTable } from './UsersTable.tsx';
import { STATUS_OPTIONS, filterUsers, type UserStatusFilter } from './user-filter.ts';

const PAGE_SIZE = 25;

export default function UsersPage() {
  const rest = useParams()['*'] ?? '';
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [created, setCreated] = useState<{ user: AdminUser; password: string | undefined }>();
  const users = useQuery({ queryKey: ['admin', 'users', 'list'], queryFn: ({ signal }) => listUsers(signal) });

  const filter = { text: params.get('q') ?? '', role: params.get('role') ?? '', status: (params.get('status') ?? '') as UserStatusFilter };
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const search = params.toString();
  const listHref = `/admin/users${search ? `?${search}` : ''}`;
  const detailsHref = (id: string) => `/admin/users/${encodeURIComponent(id)}${search ? `?${search}` : ''}`;

  /** A new search starts at the first page; typing replaces the history entry instead of adding one per key. */
  const setFilter = (name: 'q' | 'role' | 'status', value: string, replace = false) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(name, value);
        else next.delete(name);
        next.delete('offset');
        return next;
      },
      { replace },
    );

  const matches = users.data ? filterUsers(users.data, filter) : [];
  const page = matches.slice(offset, offset + PAGE_SIZE);
  const detailId = rest && rest !== 'new' ? rest.split('/')[0] : undefined;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Users and roles
        </Title>
        <Button onClick={() => navigate(`/admin/users/new${search ? `?${search}` : ''}`)}>New account</Button>
      </Group>
      <Text c="dimmed">
        Everyone who signs in to Hale. Open an account to change its roles or links, reset its password or two-factor sign-in, or disable
        it.
      </Text>
      <Group align="flex-end" role="search" aria-label="Find accounts">
        <TextInput
          label="Search"
          description="Username, name, id or linked record"
          value={filter.text}
          onChange={(e) => setFilter('q', e.currentTarget.value, true)}
          w={300}
        />
        <Select
          label="Role"
          data={[{ value: '', label: 'Any role' }, ...ROLE_INFO.map((r) => ({ value: r.value, label: r.label }))]}
          value={filter.role}
          onChange={(v) => setFilter('role', v ?? '')}
          allowDeselect={false}
          w={220}
        />
        <Select
          label="State"
          data={STATUS_OPTIONS}
          value={filter.status}
          onChange={(v) => setFilter('status', v ?? '')}
          allowDeselect={false}
          w={240}
        />
      </Group>
      {users.isPending && <PageLoading />}
      {users.isError && (
        <Alert color="red" role="alert">
          {users.error.message}
        </Alert>
      )}
      {users.data && (
        <>
          {matches.length === 0 ? (
            <Text role="status">{users.data.length ? 'No account matches the search.' : 'No accounts yet.'}</Text>
          ) : (
            <UsersTable users={page} caption={`${matches.length} of ${users.data.length} accounts`} detailsHref={detailsHref} />
          )}
          <Pager
            label="Account pages"
            offset={offset}
            pageSize={PAGE_SIZE}
            total={matches.length}
            onOffset={(o) =>
              setParams((p) => {
                const next = new URLSearchParams(p);
                next.set('offset', String(o));
                return next;
              })
            }
          />
        </>
      )}
      <CreateUserDrawer
        opened={rest === 'new' && !created}
        onClose={() => navigate(listHref)}
        onCreated={(user, password) => {
          // The URL stays put while the password shows: a new path remounts the page (the layout
          // keys pages by path), which would drop the password before anyone read it.
          if (password) setCreated({ user, password });
          else navigate(detailsHref(user.id), { replace: true });
        }}
      />
      <UserDetailsDrawer userId={detailId} onClose={() => navigate(listHref)} />
      <TemporaryPasswordModal
        username={created?.user.username ?? ''}
        password={created?.password}
        onClose={() => {
          const id = created!.user.id;
          setCreated(undefined);
          navigate(detailsHref(id), { replace: true });
        }}
      />
    </Stack>
  );
}
