/** One page of audit events; each row's button opens all its fields. */
import { Badge, Button, Table, Text } from '@mantine/core';
import type { AdminUser, AuditEventRow } from './admin-api.ts';
import { OUTCOME_COLOR } from './audit-format.ts';
import { DateTimeLines } from '../../components/DateTimeLines.tsx';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';

/** A search can touch hundreds of patients: the row names a few, the details all. */
const SHOWN_PATIENTS = 3;

/** Ids are long (UUIDs): small, monospaced, broken anywhere rather than widening the column. */
function Id({ children }: { children: string }) {
  return (
    <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
      {children}
    </Text>
  );
}

export function userLabel(id: string, byId: Map<string, AdminUser>): string {
  return byId.get(id)?.username ?? id;
}

export function AuditTable({
  events,
  caption,
  byId,
  onOpen,
}: {
  events: AuditEventRow[];
  caption: string;
  byId: Map<string, AdminUser>;
  onOpen: (seq: string) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped highlightOnHover captionSide="top" verticalSpacing={6} fz="sm" layout="fixed">
        <Table.Caption>{caption}</Table.Caption>
        <ColumnHeads
          columns={[
            { label: 'Time', width: 115 },
            { label: 'User', width: 120 },
            { label: 'Roles', width: 90 },
            { label: 'Action', width: 110 },
            { label: 'Outcome', width: 100 },
            { label: 'Entity' },
            { label: 'Patient' },
            { label: 'IP address', width: 110 },
            { label: 'Details', width: 75, hidden: true },
          ]}
        />
        <Table.Tbody>
          {events.map((e) => (
            <Table.Tr key={e.seq}>
              <Table.Td>
                <DateTimeLines value={e.recorded_at} seconds />
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                {byId.has(e.user_id) ? userLabel(e.user_id, byId) : <Id>{e.user_id}</Id>}
              </Table.Td>
              <Table.Td>{e.roles.join(', ')}</Table.Td>
              <Table.Td>{e.action}</Table.Td>
              <Table.Td>
                <Badge size="sm" miw="max-content" variant="dot" color={OUTCOME_COLOR[e.outcome] ?? 'gray'}>
                  {e.outcome}
                </Badge>
              </Table.Td>
              <Table.Td>
                {e.resource_type}
                {e.resource_id && <Id>{e.resource_id}</Id>}
              </Table.Td>
              <Table.Td>
                {e.patient_ids.slice(0, SHOWN_PATIENTS).map((p) => (
                  <Id key={p}>{p}</Id>
                ))}
                {e.patient_ids.length > SHOWN_PATIENTS && (
                  <Text size="xs" c="dimmed">
                    and {e.patient_ids.length - SHOWN_PATIENTS} more
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{e.ip ?? ''}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => onOpen(e.seq)}
                  aria-label={`Details of event ${e.seq}: ${e.action} by ${userLabel(e.user_id, byId)}`}
                >
                  Details
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
