/** My sessions: where this account is signed in, and ending any of them. */
import { Alert, Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listSessions, revokeSession } from '../../api/auth.ts';
import { useFormat } from '../../i18n/locale.tsx';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';

/** Enough of a user agent to recognise the device: browser and system. */
function device(userAgent?: string): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Chrome\//.test(userAgent)
      ? 'Chrome'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : userAgent.split(' ')[0];
  const system = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS/.test(userAgent)
      ? 'macOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /iPhone|iPad/.test(userAgent)
          ? 'iOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  return [browser, system].filter(Boolean).join(' on ');
}

export default function SessionsPage() {
  const format = useFormat();
  const client = useQueryClient();
  const sessions = useQuery({ queryKey: ['auth', 'sessions'], queryFn: listSessions });
  const revoke = useMutation({
    mutationFn: revokeSession,
    onSuccess: () => client.invalidateQueries({ queryKey: ['auth', 'sessions'] }),
  });
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        My sessions
      </Title>
      <Text c="dimmed">Every place your account is signed in now. End any you do not recognise, then change your password.</Text>
      {revoke.isError && (
        <Alert color="red" role="alert">
          {revoke.error.message}
        </Alert>
      )}
      {sessions.isPending && <PageLoading />}
      {sessions.isError && (
        <Alert color="red" role="alert">
          {sessions.error.message}
        </Alert>
      )}
      {sessions.data && (
        <Table striped highlightOnHover captionSide="top">
          <Table.Caption>{sessions.data.sessions.length} open sessions</Table.Caption>
          <ColumnHeads
            columns={[
              { label: 'Device' },
              { label: 'Address' },
              { label: 'Signed in' },
              { label: 'Last active' },
              { label: 'Action', hidden: true },
            ]}
          />
          <Table.Tbody>
            {sessions.data.sessions.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  {device(s.userAgent)} {s.current && <Badge size="sm">this session</Badge>}
                </Table.Td>
                <Table.Td>{s.ip ?? '—'}</Table.Td>
                <Table.Td>{format.dateTime(s.createdAt)}</Table.Td>
                <Table.Td>{format.dateTime(s.lastSeenAt)}</Table.Td>
                <Table.Td>
                  {!s.current && (
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      loading={revoke.isPending && revoke.variables === s.id}
                      onClick={() => revoke.mutate(s.id)}
                      aria-label={`End session on ${device(s.userAgent)} from ${s.ip ?? 'unknown address'}`}
                    >
                      End session
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
