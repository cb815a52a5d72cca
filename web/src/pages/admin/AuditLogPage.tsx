/**
 * Audit log (/admin/audit, admins and auditors): who did what to which record, when, from
 * where and with what outcome. Filters, paging and the open event live in the URL, so a
 * finding can be sent as a link. The CSV export takes the same filters and every matching
 * row. Reading the log is itself audited by the server.
 *
 * No per-day chart: the server has no aggregate query, and a count per day would cost one
 * (audited) search each, cluttering the very log being read.
 */
import { Alert, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { auditCsvHref, searchAuditEvents } from './admin-api.ts';
import { AuditEventDrawer } from './AuditEventDrawer.tsx';
import { AuditFilterForm } from './AuditFilterForm.tsx';
import { AuditTable } from './AuditTable.tsx';
import { PAGE_SIZES, filterProblems, filtersFromUrl, serverQuery, urlFor, viewFromUrl, type AuditView } from './audit-filters.ts';
import { Pager } from '../../components/Pager.tsx';
import { useAccounts } from './use-account-names.ts';

export default function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { byId } = useAccounts();
  const filters = filtersFromUrl(params);
  const view = viewFromUrl(params);
  const query = serverQuery(filters, view);
  // A hand-edited link can hold what the form would never send (13th month): say so instead of searching.
  const problems = filterProblems(filters);
  const events = useQuery({
    queryKey: ['audit', 'events', query.toString()],
    queryFn: ({ signal }) => searchAuditEvents(query, signal),
    enabled: problems.length === 0,
    // The old page stays in view while the next loads, so paging does not flash.
    placeholderData: keepPreviousData,
  });
  const setView = (changes: Partial<AuditView>, state?: unknown) => setParams(urlFor(filters, { ...view, ...changes }), { state });

  const closeEvent = () => {
    // Opened from this page: step back, so Back does not reopen it. Opened from a link: just drop it.
    if ((location.state as { openedEvent?: boolean } | null)?.openedEvent) navigate(-1);
    else setParams(urlFor(filters, { ...view, event: undefined }), { replace: true });
  };

  const data = events.data;
  return (
    <Stack>
      <Title order={1} size="h2">
        Audit log
      </Title>
      <Text c="dimmed">
        Every access to records and every sign-in, newest first. Filter, then open an event for all its details or export the matches.
      </Text>
      <AuditFilterForm
        applied={filters}
        onApply={(f) => setParams(urlFor(f, { count: view.count, oldestFirst: view.oldestFirst }))}
        serverError={events.error}
      />
      <Group justify="space-between" align="flex-end">
        <Group gap="sm" align="flex-end">
          <Select
            label="Per page"
            data={PAGE_SIZES}
            value={String(view.count)}
            onChange={(v) => setView({ count: Number(v), offset: 0 })}
            allowDeselect={false}
            w={110}
          />
          <Select
            label="Order"
            data={[
              { value: 'newest', label: 'Newest first' },
              { value: 'oldest', label: 'Oldest first' },
            ]}
            value={view.oldestFirst ? 'oldest' : 'newest'}
            onChange={(v) => setView({ oldestFirst: v === 'oldest', offset: 0 })}
            allowDeselect={false}
            w={160}
          />
        </Group>
        <Button component="a" href={auditCsvHref(serverQuery(filters))} download variant="default">
          Export CSV
        </Button>
      </Group>
      {problems.length > 0 && (
        <Alert color="red" role="alert" title="This link holds filters that cannot be used">
          {problems.join('; ')}. Correct them above and apply.
        </Alert>
      )}
      {events.isPending && problems.length === 0 && <PageLoading />}
      {events.isError && (
        <Alert color="red" role="alert" title="The audit log could not be searched">
          {events.error.message}
        </Alert>
      )}
      {data && !events.isError && (
        <>
          {data.events.length === 0 ? (
            <Text role="status">
              {data.total > 0
                ? `This page is past the last of the ${data.total} matching events.`
                : 'No audit event matches these filters.'}
            </Text>
          ) : (
            <AuditTable
              events={data.events}
              byId={byId}
              caption={`${data.total} matching events${events.isPlaceholderData ? ' (loading…)' : ''}`}
              onOpen={(seq) => setView({ event: seq }, { openedEvent: true })}
            />
          )}
          <Pager
            label="Audit log pages"
            offset={view.offset}
            pageSize={view.count}
            total={data.total}
            onOffset={(offset) => setView({ offset })}
          />
        </>
      )}
      <AuditEventDrawer seq={view.event} rows={data?.events} byId={byId} onClose={closeEvent} />
    </Stack>
  );
}
