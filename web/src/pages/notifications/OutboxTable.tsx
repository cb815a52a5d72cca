/** One page of outbox messages, newest first; each row's button opens the whole message. */
import { Anchor, Badge, Button, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { DateTimeLines } from '../../components/DateTimeLines.tsx';
import { CHANNEL_LABEL, OUTBOX_KIND_LABEL, STATUS_COLOR, STATUS_LABEL, type OutboxMessage } from './notifications-api.ts';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';

/** The first line people need: the subject for email, the start of the text otherwise. */
export function messageGist(m: OutboxMessage): string {
  const text = m.subject ?? m.text;
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
}

export function OutboxTable({ messages, caption, onOpen }: { messages: OutboxMessage[]; caption: string; onOpen: (id: string) => void }) {
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped highlightOnHover captionSide="top" verticalSpacing={6} fz="sm" layout="fixed">
        <Table.Caption>{caption}</Table.Caption>
        <ColumnHeads
          columns={[
            { label: 'Created', width: 150 },
            { label: 'Channel', width: 90 },
            { label: 'To', width: 190 },
            { label: 'Subject or text' },
            { label: 'Status', width: 130 },
            { label: 'About', width: 170 },
            { label: 'Details', width: 80, hidden: true },
          ]}
        />
        <Table.Tbody>
          {messages.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <DateTimeLines value={m.createdAt} />
              </Table.Td>
              <Table.Td>{CHANNEL_LABEL[m.channel] ?? m.channel}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{m.to}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {OUTBOX_KIND_LABEL[m.kind] ?? m.kind}
                </Text>
                <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {messageGist(m)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" miw="max-content" variant="light" color={STATUS_COLOR[m.status] ?? 'gray'}>
                  {STATUS_LABEL[m.status] ?? m.status}
                </Badge>
              </Table.Td>
              <Table.Td>
                {m.appointmentId && (
                  <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                    Appointment {m.appointmentId}
                  </Text>
                )}
                {!m.appointmentId && !m.patientId && '—'}
                {m.patientId && (
                  <Anchor component={Link} to={`/patients/${encodeURIComponent(m.patientId)}`} size="xs">
                    Patient {m.patientId}
                  </Anchor>
                )}
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => onOpen(m.id)}
                  aria-label={`Open the ${CHANNEL_LABEL[m.channel] ?? m.channel} message to ${m.to}`}
                >
                  Open
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
