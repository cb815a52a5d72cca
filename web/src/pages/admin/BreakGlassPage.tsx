/**
 * Break-glass review (/admin/break-glass, admins and auditors): every emergency access to a
 * record lands here until someone reviews it. The tab (waiting / all) is in the URL, so
 * "all grants" can be linked and Back returns to the queue.
 */
import { useState } from 'react';
import { Alert, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { listBreakGlass, type BreakGlassGrant, type GrantStatus } from './admin-api.ts';
import { GrantsTable, accountLabel } from './GrantsTable.tsx';
import { Pager } from '../../components/Pager.tsx';
import { ReviewGrantModal } from './ReviewGrantModal.tsx';

const PAGE_SIZE = 25;

function GrantList({ status, onReview }: { status: GrantStatus; onReview: (g: BreakGlassGrant) => void }) {
  const [offset, setOffset] = useState(0);
  const grants = useQuery({ queryKey: ['admin', 'break-glass', status], queryFn: ({ signal }) => listBreakGlass(status, signal) });
  if (grants.isPending) return <PageLoading />;
  if (grants.isError)
    return (
      <Alert color="red" role="alert">
        {grants.error.message}
      </Alert>
    );
  if (!grants.data.length)
    return <Text role="status">{status === 'pending' ? 'Nothing waits for review.' : 'No emergency access has been used yet.'}</Text>;
  const page = grants.data.slice(offset, offset + PAGE_SIZE);
  const caption =
    status === 'pending' ? `${grants.data.length} waiting for review, newest first` : `${grants.data.length} grants, newest first`;
  return (
    <Stack>
      <GrantsTable grants={page} caption={caption} onReview={onReview} />
      <Pager label="Grant pages" offset={offset} pageSize={PAGE_SIZE} total={grants.data.length} onOffset={setOffset} />
    </Stack>
  );
}

export default function BreakGlassPage() {
  const [params, setParams] = useSearchParams();
  const status: GrantStatus = params.get('status') === 'all' ? 'all' : 'pending';
  const [reviewing, setReviewing] = useState<BreakGlassGrant>();
  return (
    <Stack>
      <Title order={1} size="h2">
        Break-glass review
      </Title>
      <Text c="dimmed">
        When a clinician opens a record outside their care relationships, they give a reason and get access for a limited time. Check each
        use against the audit trail and record whether it was justified.
      </Text>
      <Tabs value={status} onChange={(v) => setParams(v === 'all' ? { status: 'all' } : {})} keepMounted={false}>
        <Tabs.List aria-label="Which grants">
          <Tabs.Tab value="pending">Waiting for review</Tabs.Tab>
          <Tabs.Tab value="all">All grants</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pending" pt="md">
          <GrantList status="pending" onReview={setReviewing} />
        </Tabs.Panel>
        <Tabs.Panel value="all" pt="md">
          <GrantList status="all" onReview={setReviewing} />
        </Tabs.Panel>
      </Tabs>
      {/* Keyed by grant: a draft for one grant never shows up on another. */}
      <ReviewGrantModal
        key={reviewing?.id ?? 'none'}
        grant={reviewing}
        who={reviewing ? accountLabel(reviewing.user, reviewing.userId) : ''}
        onClose={() => setReviewing(undefined)}
      />
    </Stack>
  );
}
