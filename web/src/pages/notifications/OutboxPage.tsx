/**
 * Message outbox (/admin/notifications/outbox, administrators): every appointment message
 * Hale produced, newest first. Without a mail server or SMS provider configured, messages
 * are kept here instead of being sent (status "Held in outbox"), so a new installation shows
 * what patients would receive; with one, each attempt is listed as sent or failed. Filters,
 * the page and the open message live in the URL. Each read is audited by the server (the
 * messages name patients).
 */
import { Alert, Group, Select, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { Pager } from '../../components/Pager.tsx';
import { CHANNEL_LABEL, STATUS_LABEL, listOutbox, type Channel, type OutboxStatus } from './notifications-api.ts';
import { OutboxMessageDrawer } from './OutboxMessageDrawer.tsx';
import { OutboxTable } from './OutboxTable.tsx';

const CHANNELS = Object.keys(CHANNEL_LABEL) as Channel[];
const STATUSES = Object.keys(STATUS_LABEL) as OutboxStatus[];

export default function OutboxPage() {
  const [params, setParams] = useSearchParams();
  const channel = CHANNELS.find((c) => c === params.get('channel'));
  const status = STATUSES.find((s) => s === params.get('status'));
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const open = params.get('message') ?? undefined;
  const outbox = useQuery({
    queryKey: ['notifications', 'outbox', channel ?? '', status ?? '', page],
    queryFn: ({ signal }) => listOutbox({ ...(channel ? { channel } : {}), ...(status ? { status } : {}), page }, signal),
    placeholderData: keepPreviousData,
  });

  /** A new filter starts at the first page. */
  const set = (changes: Record<string, string | undefined>, resetPage = true) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      if (resetPage) next.delete('page');
      return next;
    });

  const data = outbox.data;
  return (
    <Stack>
      <Title order={1} size="h2">
        Message outbox
      </Title>
      <Text c="dimmed">
        Appointment confirmations, reminders, moves and cancellations, and the notices of emergency access to a record, newest first.
        Without a mail server or SMS provider, messages are held here instead of being sent; see the administration guide (notifications) to
        connect one.
      </Text>
      <Group gap="sm" align="flex-end">
        <Select
          label="Channel"
          placeholder="All channels"
          data={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] }))}
          value={channel ?? null}
          onChange={(v) => set({ channel: v ?? undefined })}
          clearable
          w={170}
        />
        <Select
          label="Status"
          placeholder="Any status"
          data={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
          value={status ?? null}
          onChange={(v) => set({ status: v ?? undefined })}
          clearable
          w={190}
        />
      </Group>
      {outbox.isPending && <PageLoading />}
      {outbox.isError && (
        <Alert color="red" role="alert" title="The outbox could not be read">
          {outbox.error.message}
        </Alert>
      )}
      {data && !outbox.isError && (
        <>
          {data.messages.length === 0 ? (
            <Text role="status">
              {data.total > 0 ? `This page is past the last of the ${data.total} messages.` : 'No message matches these filters.'}
            </Text>
          ) : (
            <OutboxTable
              messages={data.messages}
              caption={`${data.total} message${data.total === 1 ? '' : 's'}, newest first${outbox.isPlaceholderData ? ' (loading…)' : ''}`}
              onOpen={(id) => set({ message: id }, false)}
            />
          )}
          <Pager
            label="Outbox pages"
            offset={(data.page - 1) * data.pageSize}
            pageSize={data.pageSize}
            total={data.total}
            onOffset={(offset) => set({ page: offset > 0 ? String(Math.floor(offset / data.pageSize) + 1) : undefined }, false)}
          />
        </>
      )}
      <OutboxMessageDrawer id={open} onClose={() => set({ message: undefined }, false)} />
    </Stack>
  );
}
