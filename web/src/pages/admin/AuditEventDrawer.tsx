/**
 * Every field of one audit event, including its place in the tamper-evident chain. Opened
 * from the table or straight from a link (?event=seq): an event not on the current page is
 * fetched by its number.
 */
import type { ReactNode } from 'react';
import { Alert, Anchor, Code, Drawer, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { searchAuditEvents, type AdminUser, type AuditEventRow } from './admin-api.ts';
import { NO_FILTERS, urlFor } from './audit-filters.ts';
import { entityOf, useInstant } from './audit-format.ts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={150} style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td style={{ wordBreak: 'break-all' }}>{children}</Table.Td>
    </Table.Tr>
  );
}

function EventFields({ row, byId }: { row: AuditEventRow; byId: Map<string, AdminUser> }) {
  const instant = useInstant();
  const account = byId.get(row.user_id);
  const none = (
    <Text size="sm" c="dimmed">
      none
    </Text>
  );
  return (
    <Stack>
      <Table variant="vertical" layout="fixed" withTableBorder fz="sm">
        <Table.Tbody>
          <Field label="Event number">{row.seq}</Field>
          <Field label="Time">
            {instant(row.recorded_at)}{' '}
            <Text span size="xs" c="dimmed">
              ({row.recorded_at})
            </Text>
          </Field>
          <Field label="User">{account ? `${account.username} (${account.displayName}), id ${row.user_id}` : row.user_id}</Field>
          <Field label="Roles">{row.roles.join(', ') || none}</Field>
          <Field label="Action">{row.action}</Field>
          <Field label="Outcome">{row.outcome}</Field>
          <Field label="Entity">{entityOf(row) || none}</Field>
          <Field label="Patients">{row.patient_ids.join(', ') || none}</Field>
          <Field label="Search query">{row.query ? <Code>{row.query}</Code> : none}</Field>
          <Field label="Records returned">{row.result_ids?.length ? `${row.result_ids.length}: ${row.result_ids.join(', ')}` : none}</Field>
          <Field label="IP address">{row.ip ?? none}</Field>
          <Field label="Browser or client">{row.user_agent ?? none}</Field>
          <Field label="Request id">{row.request_id ?? none}</Field>
          <Field label="Detail">{row.detail == null ? none : <Code block>{JSON.stringify(row.detail, null, 2)}</Code>}</Field>
          <Field label="Chain position">{row.chain_pos ?? 'not sealed yet'}</Field>
          <Field label="Chain hash">{row.hash ? <Code>{row.hash}</Code> : 'not sealed yet'}</Field>
        </Table.Tbody>
      </Table>
      <Group gap="md">
        <Anchor component={Link} to={`/admin/audit?${urlFor({ ...NO_FILTERS, user: row.user_id })}`} size="sm">
          All events of this user
        </Anchor>
        {row.patient_ids.map((p) => (
          <Anchor key={p} component={Link} to={`/admin/audit?${urlFor({ ...NO_FILTERS, patient: p })}`} size="sm">
            All events for patient {p}
          </Anchor>
        ))}
      </Group>
    </Stack>
  );
}

export function AuditEventDrawer({
  seq,
  rows,
  byId,
  onClose,
}: {
  seq: string | undefined;
  rows: AuditEventRow[] | undefined;
  byId: Map<string, AdminUser>;
  onClose: () => void;
}) {
  const onPage = seq ? rows?.find((r) => r.seq === seq) : undefined;
  const fetched = useQuery({
    queryKey: ['audit', 'event', seq],
    queryFn: async ({ signal }) => (await searchAuditEvents(new URLSearchParams({ _id: seq! }), signal)).events[0] ?? null,
    enabled: !!seq && !!rows && !onPage,
  });
  const row = onPage ?? fetched.data ?? undefined;
  return (
    <Drawer
      opened={!!seq}
      onClose={onClose}
      title={`Audit event ${seq ?? ''}`}
      position="right"
      size="xl"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {row ? (
        <EventFields row={row} byId={byId} />
      ) : fetched.isError ? (
        <Alert color="red" role="alert">
          {fetched.error.message}
        </Alert>
      ) : fetched.data === null ? (
        <Alert color="yellow" role="alert">
          There is no audit event {seq}.
        </Alert>
      ) : (
        <PageLoading />
      )}
    </Drawer>
  );
}
