/**
 * One outbox message in full: who it went to and how, the text as sent, the calendar entry,
 * the provider's id or error, and the records it belongs to. Opened from the list or from a
 * link (?message=id); fetched on its own, since the list leaves the attachment out.
 */
import type { ReactNode } from 'react';
import { Alert, Anchor, Badge, Code, Drawer, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { useFormat } from '../../i18n/locale.tsx';
import { CHANNEL_LABEL, OUTBOX_KIND_LABEL, STATUS_COLOR, STATUS_LABEL, getOutboxMessage, type OutboxMessage } from './notifications-api.ts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={150} style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{children}</Table.Td>
    </Table.Tr>
  );
}

const TRANSPORT: Record<string, string> = {
  outbox: 'Kept in the outbox (no mail server or provider configured)',
  smtp: 'SMTP mail server',
  http: 'SMS / WhatsApp provider',
};

function MessageFields({ m }: { m: OutboxMessage }) {
  const { dateTime } = useFormat();
  const none = (
    <Text size="sm" c="dimmed">
      none
    </Text>
  );
  return (
    <Stack>
      <Table variant="vertical" layout="fixed" withTableBorder fz="sm">
        <Table.Tbody>
          <Field label="Created">{dateTime(m.createdAt)}</Field>
          <Field label="Message">
            {OUTBOX_KIND_LABEL[m.kind] ?? m.kind}
            {m.language ? ` (${m.language})` : ''}
          </Field>
          <Field label="Channel">{CHANNEL_LABEL[m.channel] ?? m.channel}</Field>
          <Field label="Status">
            <Badge size="sm" variant="light" color={STATUS_COLOR[m.status] ?? 'gray'}>
              {STATUS_LABEL[m.status] ?? m.status}
            </Badge>
          </Field>
          <Field label="How">{TRANSPORT[m.transport] ?? m.transport}</Field>
          <Field label="To">{m.to}</Field>
          <Field label="From">{m.from ?? none}</Field>
          <Field label="Provider id">{m.providerId ? <Code>{m.providerId}</Code> : none}</Field>
          {m.error && <Field label="Error">{m.error}</Field>}
          <Field label="Appointment">{m.appointmentId ? <Code>{m.appointmentId}</Code> : none}</Field>
          <Field label="Patient">
            {m.patientId ? (
              <Anchor component={Link} to={`/patients/${encodeURIComponent(m.patientId)}`} size="sm">
                {m.patientId}
              </Anchor>
            ) : (
              none
            )}
          </Field>
          <Field label="Delivery record">{m.communicationId ? <Code>Communication/{m.communicationId}</Code> : none}</Field>
        </Table.Tbody>
      </Table>
      {m.subject !== null && (
        <div>
          <Text fw={600} size="sm">
            Subject
          </Text>
          <Text size="sm">{m.subject}</Text>
        </div>
      )}
      <div>
        <Text fw={600} size="sm">
          Text
        </Text>
        <Text size="sm" p="sm" bg="gray.0" style={{ whiteSpace: 'pre-wrap', borderRadius: 4 }}>
          {m.text}
        </Text>
      </div>
      {m.attachment && (
        <div>
          <Text fw={600} size="sm">
            Attachment: {m.attachment.filename} ({m.attachment.contentType})
          </Text>
          {m.attachment.content && <Code block>{m.attachment.content}</Code>}
        </div>
      )}
    </Stack>
  );
}

export function OutboxMessageDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const message = useQuery({
    queryKey: ['notifications', 'outbox', 'message', id],
    queryFn: ({ signal }) => getOutboxMessage(id!, signal),
    enabled: !!id,
  });
  return (
    <Drawer opened={!!id} onClose={onClose} title="Outbox message" position="right" size="xl" closeButtonProps={{ 'aria-label': 'Close' }}>
      {message.data ? (
        <MessageFields m={message.data} />
      ) : message.isError ? (
        <Alert color="red" role="alert">
          {message.error.message}
        </Alert>
      ) : (
        <PageLoading />
      )}
    </Drawer>
  );
}
