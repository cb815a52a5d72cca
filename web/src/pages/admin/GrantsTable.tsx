/**
 * Break-glass grants as a table: who opened which record, when, why, until when, and the
 * review (or a button to write it), and whether the patient was told. Each row links to what the person did in the record,
 * from the audit log.
 */
import { Anchor, Badge, Button, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../../auth/session-context.tsx';
import { useFormat } from '../../i18n/locale.tsx';
import { DateTimeLines } from '../../components/DateTimeLines.tsx';
import type { BreakGlassGrant } from './admin-api.ts';
import { NO_FILTERS, localDay, urlFor } from './audit-filters.ts';
import { OUTCOME_LABEL, parseReviewNote } from './review-outcome.ts';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';

export function accountLabel(name: { username: string; displayName: string } | undefined, id: string): string {
  if (!name) return id;
  return name.displayName && name.displayName !== name.username ? `${name.displayName} (${name.username})` : name.username;
}

function Review({ grant, onReview }: { grant: BreakGlassGrant; onReview: (g: BreakGlassGrant) => void }) {
  const format = useFormat();
  if (!grant.reviewedAt)
    return (
      <Button
        size="xs"
        onClick={() => onReview(grant)}
        aria-label={`Review access by ${accountLabel(grant.user, grant.userId)} to patient ${grant.patientId}`}
      >
        Review
      </Button>
    );
  const { outcome, note } = parseReviewNote(grant.reviewNote);
  return (
    <Stack gap={2}>
      {outcome && (
        <Badge size="sm" miw="max-content" variant="dot" color={outcome === 'justified' ? 'green' : 'red'}>
          {OUTCOME_LABEL[outcome]}
        </Badge>
      )}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {note}
      </Text>
      <Text size="xs" c="dimmed">
        {accountLabel(grant.reviewer, grant.reviewedBy ?? '')}, {format.dateTime(grant.reviewedAt)}
      </Text>
    </Stack>
  );
}

const CHANNEL_WORDS: Record<string, string> = { email: 'email', sms: 'SMS', whatsapp: 'WhatsApp' };

/** Whether the patient was told of the access, and how, under the patient's id. */
function PatientNotice({ notice }: { notice: BreakGlassGrant['patientNotice'] }) {
  if (!notice) return null;
  const words = (channels: string[]) => channels.map((c) => CHANNEL_WORDS[c] ?? c).join(' and ');
  const kept = notice.held.length ? `${notice.channels.length ? '; ' : ''}${words(notice.held)} kept in the outbox` : '';
  if (notice.status === 'completed' && notice.channels.length)
    return (
      <Text size="xs" c="dimmed">
        Patient told by {words(notice.channels)}
        {kept}
      </Text>
    );
  if (notice.status === 'completed' || notice.status === 'not-done')
    return (
      <Text size="xs" c="red.9">
        Patient not told:{' '}
        {notice.status === 'completed'
          ? `the ${words(notice.held)} is kept in the outbox (no mail server or SMS provider configured)`
          : (notice.reason ?? 'no reason recorded')}
      </Text>
    );
  return (
    <Text size="xs" c="dimmed">
      Telling the patient{notice.status === 'in-progress' && notice.reason ? ` (${notice.reason})` : '…'}
    </Text>
  );
}

export function GrantsTable({
  grants,
  caption,
  onReview,
}: {
  grants: BreakGlassGrant[];
  caption: string;
  onReview: (g: BreakGlassGrant) => void;
}) {
  const { hasRole } = useSession();
  // Auditors see nothing clinical: the patient id is text for them, a chart link for admins.
  const canOpenChart = hasRole('admin');
  const now = Date.now();
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped captionSide="top" verticalSpacing="sm" layout="fixed">
        <Table.Caption>{caption}</Table.Caption>
        <ColumnHeads
          columns={[
            { label: 'Who', width: 170 },
            { label: 'Patient', width: 150 },
            { label: 'Opened', width: 140 },
            { label: 'Expires', width: 150 },
            { label: 'Reason given' },
            { label: 'Review', width: 240 },
          ]}
        />
        <Table.Tbody>
          {grants.map((g) => {
            const active = new Date(g.expiresAt).getTime() > now;
            const trail = `/admin/audit?${urlFor({ ...NO_FILTERS, user: g.userId, patient: g.patientId, from: localDay(g.grantedAt) })}`;
            return (
              <Table.Tr key={g.id}>
                <Table.Td>
                  <Stack gap={2}>
                    <Text size="sm" fw={600}>
                      {accountLabel(g.user, g.userId)}
                    </Text>
                    <Anchor component={Link} to={trail} size="xs">
                      What they did
                    </Anchor>
                  </Stack>
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Stack gap={4}>
                    {canOpenChart ? (
                      <Anchor component={Link} to={`/patients/${encodeURIComponent(g.patientId)}`} size="xs" ff="monospace">
                        {g.patientId}
                      </Anchor>
                    ) : (
                      <Text size="xs" ff="monospace">
                        {g.patientId}
                      </Text>
                    )}
                    <PatientNotice notice={g.patientNotice} />
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <DateTimeLines value={g.grantedAt} />
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <div>
                      <DateTimeLines value={g.expiresAt} />
                    </div>
                    <Badge size="sm" miw="max-content" variant="dot" color={active ? 'orange' : 'gray'}>
                      {active ? 'Active now' : 'Expired'}
                    </Badge>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {g.reason}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Review grant={g} onReview={onReview} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
