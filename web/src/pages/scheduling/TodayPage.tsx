/**
 * Reception's "Today" (`/schedule/today`): the site's appointments of the day, by state
 * (expected, checked in, in consultation, done, no-show, cancelled), filtered by practitioner,
 * department or room (kept in the URL). Check in is one click per row; clinicians start and
 * complete visits from here too. Read again when the window regains focus and every 30 s.
 */
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Loader, NativeSelect, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../i18n/locale.tsx';
import { listAppointments, type AppointmentSummary } from './scheduling-api.ts';
import { useDirectory } from './directory.ts';
import { TODAY_COLUMNS, canCheckIn, canComplete, canStart, statusInfo, typeInfo } from './status.ts';
import { useSchedulingRoles } from './scheduling-roles.ts';
import { useVisitStep } from './use-visit-step.ts';
import { AppointmentDrawer } from './AppointmentDrawer.tsx';
import { browserZone, todayIn, zoneFormat } from './zone-time.ts';

export function useTodayList(filter: { practitioner?: string; location?: string } = {}, refetchInterval: number | false = 30_000) {
  const tz = browserZone();
  const date = todayIn(tz);
  return useQuery({
    queryKey: ['scheduling', 'today', date, filter],
    queryFn: ({ signal }) => listAppointments({ ...filter, date, tz }, signal),
    refetchOnWindowFocus: true,
    refetchInterval,
  });
}

/** How many appointments of today are in each column. */
export function countByColumn(list: AppointmentSummary[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of TODAY_COLUMNS) counts[c.key] = list.filter((a) => c.statuses.includes(a.status)).length;
  return counts;
}

function Row({ a, onOpen }: { a: AppointmentSummary; onOpen: (a: AppointmentSummary) => void }) {
  const { locale } = useFormat();
  const { canWrite, isClinician } = useSchedulingRoles();
  const visit = useVisitStep();
  const fmt = zoneFormat(locale, a.timeZone ?? browserZone());
  const status = statusInfo(a.status);
  const who = a.patient?.display ?? 'patient';
  const act = (step: 'check-in' | 'start' | 'complete') => visit.mutate({ id: a.id, step, who });
  return (
    <Table.Tr data-appointment-id={a.id}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.start ? fmt.time(a.start) : '—'}</Table.Td>
      <Table.Td>
        {a.patient ? (
          <Anchor component={Link} to={`/patients/${a.patient.id}`} fw={600} size="sm">
            {who}
          </Anchor>
        ) : (
          who
        )}
      </Table.Td>
      <Table.Td>{a.practitioner?.display}</Table.Td>
      <Table.Td>{a.location?.display}</Table.Td>
      <Table.Td>
        {typeInfo(a.type).label}
        {a.reason ? ` · ${a.reason}` : ''}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap', minWidth: '9.5rem' }}>
        <Badge color={status.color} variant="light" tt="none">
          {status.label}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          {canWrite && canCheckIn(a.status) && (
            <Button size="compact-sm" onClick={() => act('check-in')} loading={visit.isPending} aria-label={`Check in ${who}`}>
              Check in
            </Button>
          )}
          {isClinician && canStart(a.status) && (
            <Button size="compact-sm" onClick={() => act('start')} loading={visit.isPending} aria-label={`Start consultation with ${who}`}>
              Start
            </Button>
          )}
          {isClinician && a.status === 'checked-in' && canComplete(a.status) && (
            <Button size="compact-sm" onClick={() => act('complete')} loading={visit.isPending} aria-label={`Complete visit of ${who}`}>
              Complete
            </Button>
          )}
          <Button size="compact-sm" variant="default" onClick={() => onOpen(a)} aria-label={`Details of ${who}'s appointment`}>
            Details
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export default function TodayPage() {
  const { locale } = useFormat();
  const [params, setParams] = useSearchParams();
  const practitioner = params.get('practitioner') ?? '';
  const department = params.get('department') ?? '';
  const room = params.get('room') ?? '';
  const tab = params.get('state') ?? 'expected';
  const directory = useDirectory();
  const [open, setOpen] = useState<AppointmentSummary>();
  const list = useTodayList({ ...(practitioner ? { practitioner } : {}), ...(room ? { location: room } : {}) });
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: key === 'state' });
  };
  const inDepartment = (a: AppointmentSummary) =>
    !department || !!directory.data?.practitioners.find((p) => p.id === a.practitioner?.id)?.departmentIds.includes(department);
  const appointments = (list.data?.appointments ?? []).filter(inDepartment);
  const counts = countByColumn(appointments);
  const d = directory.data;
  const today = todayIn(browserZone());

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Today
          </Title>
          <Text c="gray.7" size="sm">
            {zoneFormat(locale, browserZone()).day(today)} · refreshed every 30 seconds
            {list.dataUpdatedAt ? `, last at ${zoneFormat(locale, browserZone()).time(new Date(list.dataUpdatedAt))}` : ''}
          </Text>
        </div>
        <Group>
          <Button component={Link} to={`/schedule?view=day&date=${today}`} variant="default">
            Calendar
          </Button>
          <Button variant="default" onClick={() => void list.refetch()} loading={list.isFetching}>
            Refresh now
          </Button>
        </Group>
      </Group>
      <Group align="flex-end">
        <NativeSelect
          label="Practitioner"
          value={practitioner}
          onChange={(e) => setParam('practitioner', e.currentTarget.value)}
          data={[{ value: '', label: 'All practitioners' }, ...(d?.practitioners ?? []).map((p) => ({ value: p.id, label: p.name }))]}
        />
        <NativeSelect
          label="Department"
          value={department}
          onChange={(e) => setParam('department', e.currentTarget.value)}
          data={[{ value: '', label: 'All departments' }, ...(d?.departments ?? []).map((o) => ({ value: o.id, label: o.name }))]}
        />
        <NativeSelect
          label="Room"
          value={room}
          onChange={(e) => setParam('room', e.currentTarget.value)}
          data={[{ value: '', label: 'All rooms' }, ...(d?.rooms ?? []).map((r) => ({ value: r.id, label: r.name }))]}
        />
      </Group>
      {list.isPending && (
        <Group role="status">
          <Loader size="sm" aria-hidden /> <Text>Loading today's appointments…</Text>
        </Group>
      )}
      {list.isError && (
        <Alert color="red" role="alert" title="Today's list could not be loaded">
          {list.error.message}
        </Alert>
      )}
      {list.data && (
        <Tabs value={tab} onChange={(v) => setParam('state', v ?? 'expected')} keepMounted={false}>
          <Tabs.List aria-label="Appointments by state">
            {TODAY_COLUMNS.map((c) => (
              <Tabs.Tab key={c.key} value={c.key}>
                {c.label} ({counts[c.key]})
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {TODAY_COLUMNS.map((c) => {
            const rows = appointments.filter((a) => c.statuses.includes(a.status));
            return (
              <Tabs.Panel key={c.key} value={c.key} pt="sm">
                {rows.length === 0 ? (
                  <Text size="sm">Nobody {c.key === 'expected' ? 'is expected any more' : `is ${c.label.toLowerCase()}`} today.</Text>
                ) : (
                  <Table striped highlightOnHover aria-label={`${c.label} today`}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Time</Table.Th>
                        <Table.Th>Patient</Table.Th>
                        <Table.Th>Practitioner</Table.Th>
                        <Table.Th>Room</Table.Th>
                        <Table.Th>Visit</Table.Th>
                        <Table.Th>State</Table.Th>
                        <Table.Th>Actions</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((a) => (
                        <Row key={a.id} a={a} onOpen={setOpen} />
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Tabs.Panel>
            );
          })}
        </Tabs>
      )}
      <AppointmentDrawer appointment={open} onClose={() => setOpen(undefined)} />
    </Stack>
  );
}
