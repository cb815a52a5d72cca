/**
 * One appointment: what, when (in the room's zone), who, its state, and what can be done
 * next: check in, start or complete the visit, reschedule to a free slot, cancel with a
 * reason. The status history says who changed what, when and why.
 */
import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { notifications } from '@mantine/notifications';
import { useMe } from '../../auth/session-context.tsx';
import { useFormat } from '../../i18n/locale.tsx';
import { ApiError } from '../../api/http.ts';
import {
  appointmentHistory,
  cancelAppointment,
  findSlots,
  type AppointmentSummary,
  type SlotView,
  type StatusChange,
} from './scheduling-api.ts';
import { ACTIONS, canCancel, canCheckIn, canComplete, canMove, canStart, statusInfo, typeInfo, PRIORITIES } from './status.ts';
import { useSchedulingRoles } from './scheduling-roles.ts';
import { useRefreshScheduling, useVisitStep } from './use-visit-step.ts';
import { RescheduleConfirm, type Move } from './RescheduleConfirm.tsx';
import { SlotList } from './SlotList.tsx';
import './scheduling.css';
import { useDirectory } from './directory.ts';
import { addDays, browserZone, wallClock, zoneAbbreviation, zoneFormat } from './zone-time.ts';

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7" fw={600}>
        {label}
      </Text>
      <Text size="sm">{children || '—'}</Text>
    </div>
  );
}

function useWho() {
  const me = useMe();
  const directory = useDirectory();
  return (c: StatusChange) => {
    if (c.by === me.user.id) return 'you';
    if (c.by.startsWith('system:')) return c.by === 'system:no-show' ? 'the no-show check' : c.by.slice(7);
    const practitioner = c.byPractitioner && directory.data?.practitioners.find((p) => `Practitioner/${p.id}` === c.byPractitioner);
    return practitioner ? practitioner.name : `account ${c.by.slice(0, 8)}`;
  };
}

function History({ id, timeZone }: { id: string; timeZone: string }) {
  const { locale } = useFormat();
  const fmt = zoneFormat(locale, timeZone);
  const who = useWho();
  const history = useQuery({ queryKey: ['scheduling', 'history', id], queryFn: ({ signal }) => appointmentHistory(id, signal) });
  if (history.isPending)
    return (
      <Group role="status">
        <Loader size="xs" aria-hidden /> <Text size="sm">Loading the history…</Text>
      </Group>
    );
  if (history.isError)
    return (
      <Alert color="red" role="alert">
        {history.error.message}
      </Alert>
    );
  return (
    <Timeline bulletSize={14} lineWidth={2} active={history.data.history.length - 1} aria-label="Status history">
      {history.data.history.map((c, i) => (
        <Timeline.Item key={i} title={ACTIONS[c.action] ?? c.action}>
          <Text size="xs" c="gray.7">
            {fmt.dateTime(c.at)} by {who(c)} · {statusInfo(c.status).label}
          </Text>
          {c.reason && !c.reason.startsWith('Encounter/') && <Text size="sm">“{c.reason}”</Text>}
          {c.previousStart && (
            <Text size="xs">
              Was {fmt.dateTime(c.previousStart)}
              {c.previousEnd ? `–${fmt.time(c.previousEnd)}` : ''}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function ReschedulePanel({ a, timeZone, onMoved }: { a: AppointmentSummary; timeZone: string; onMoved: () => void }) {
  const startDay = a.start ? wallClock(new Date(a.start), timeZone).date : wallClock(new Date(), timeZone).date;
  const [from, setFrom] = useState(startDay);
  const [to, setTo] = useState(addDays(startDay, 6));
  const [move, setMove] = useState<Move>();
  const length = a.start && a.end ? Date.parse(a.end) - Date.parse(a.start) : 20 * 60_000;
  const slots = useQuery({
    queryKey: ['scheduling', 'slots', 'reschedule', a.id, from, to],
    queryFn: ({ signal }) =>
      findSlots({ practitioner: a.practitioner?.id, ...(a.location ? { location: a.location.id } : {}), from, to, limit: 300 }, signal),
    enabled: !!a.practitioner && /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to),
  });
  const choose = (s: SlotView) => setMove({ appointment: a, start: new Date(s.start), end: new Date(Date.parse(s.start) + length) });
  return (
    <Stack gap="sm" component="section" aria-labelledby="reschedule-heading">
      <Title order={3} size="h5" id="reschedule-heading">
        Choose a new time
      </Title>
      <Group grow>
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      {slots.isFetching && (
        <Group role="status">
          <Loader size="xs" aria-hidden /> <Text size="sm">Finding free times…</Text>
        </Group>
      )}
      {slots.isError && (
        <Alert color="red" role="alert">
          {slots.error.message}
        </Alert>
      )}
      {slots.data && slots.data.slots.length === 0 && <Text size="sm">No free time in these days. Try later days.</Text>}
      {slots.data && <SlotList slots={slots.data.slots} onChoose={choose} headingLevel={4} />}
      <RescheduleConfirm
        move={move}
        timeZone={timeZone}
        onCancel={() => setMove(undefined)}
        onDone={() => {
          setMove(undefined);
          onMoved();
        }}
      />
    </Stack>
  );
}

function CancelPanel({ a, onCancelled }: { a: AppointmentSummary; onCancelled: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    if (!reason.trim()) {
      setError('Give the reason for cancelling: it is kept in the history');
      return;
    }
    setSaving(true);
    try {
      const r = await cancelAppointment(a.id, reason.trim());
      notifications.show({
        color: 'green',
        title: 'Appointment cancelled',
        message: r.waitlistOffer ? 'The freed time was offered to the next patient on the waitlist.' : 'The time is free again.',
      });
      onCancelled();
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldMessage('reason') ?? err.message) : 'Not cancelled. Try again.');
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      aria-label="Cancel the appointment"
    >
      <Stack gap="sm">
        <Textarea
          label="Reason for cancelling"
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(undefined);
          }}
          error={error}
          data-autofocus
        />
        <Group>
          <Button type="submit" color="red" loading={saving}>
            Cancel appointment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AppointmentDrawer({ appointment: a, onClose }: { appointment: AppointmentSummary | undefined; onClose: () => void }) {
  const { locale } = useFormat();
  const { canWrite, isClinician } = useSchedulingRoles();
  const step = useVisitStep();
  const refresh = useRefreshScheduling();
  const [panel, setPanel] = useState<'reschedule' | 'cancel'>();
  const timeZone = a?.timeZone ?? browserZone();
  const fmt = zoneFormat(locale, timeZone);
  const close = () => {
    setPanel(undefined);
    onClose();
  };
  const status = a ? statusInfo(a.status) : undefined;
  const type = typeInfo(a?.type);
  const run = (s: 'check-in' | 'start' | 'complete') =>
    a && step.mutate({ id: a.id, step: s, who: a.patient?.display }, { onSuccess: close });
  return (
    <Drawer
      opened={!!a}
      onClose={close}
      position="right"
      size="lg"
      title={a ? `Appointment: ${a.patient?.display ?? 'patient'}` : 'Appointment'}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {a && (
        <Stack>
          <Group gap="xs">
            <Badge color={status!.color} variant="light" tt="none" size="lg">
              {status!.label}
            </Badge>
            <span className="sched-key" style={{ borderLeftColor: `var(--mantine-color-${type.color}-7)` }}>
              {type.label}
            </span>
            {a.overbook && (
              <Badge color="orange" tt="none">
                Over the schedule{a.overbook.reason ? `: ${a.overbook.reason}` : ''}
              </Badge>
            )}
          </Group>
          <SimpleGrid cols={2} spacing="sm">
            <Detail label="When">
              {a.start && a.end ? `${fmt.dateTime(a.start)} – ${fmt.time(a.end)}` : '—'}
              {timeZone !== browserZone() && a.start ? ` (${timeZone}, ${zoneAbbreviation(timeZone, new Date(a.start))})` : ''}
            </Detail>
            <Detail label="Patient">
              {a.patient ? (
                <Anchor component={Link} to={`/patients/${a.patient.id}`} size="sm">
                  {a.patient.display ?? a.patient.id}
                </Anchor>
              ) : (
                '—'
              )}
            </Detail>
            <Detail label="Practitioner">{a.practitioner?.display}</Detail>
            <Detail label="Room">{a.location?.display}</Detail>
            <Detail label="Reason">{a.reason}</Detail>
            <Detail label="Priority">{PRIORITIES.find((p) => p.value === a.priority)?.label ?? a.priority}</Detail>
            <Detail label="Notes">{a.notes}</Detail>
          </SimpleGrid>
          {canWrite && (
            <Group gap="xs">
              {canCheckIn(a.status) && (
                <Button onClick={() => run('check-in')} loading={step.isPending}>
                  Check in
                </Button>
              )}
              {isClinician && canStart(a.status) && (
                <Button onClick={() => run('start')} loading={step.isPending}>
                  Start consultation
                </Button>
              )}
              {isClinician && canComplete(a.status) && (
                <Button variant={canStart(a.status) ? 'default' : 'filled'} onClick={() => run('complete')} loading={step.isPending}>
                  Complete visit
                </Button>
              )}
              {canMove(a.status) && (
                <Button
                  variant={panel === 'reschedule' ? 'light' : 'default'}
                  aria-expanded={panel === 'reschedule'}
                  onClick={() => setPanel(panel === 'reschedule' ? undefined : 'reschedule')}
                >
                  Reschedule
                </Button>
              )}
              {canCancel(a.status) && (
                <Button
                  variant={panel === 'cancel' ? 'light' : 'default'}
                  color="red"
                  aria-expanded={panel === 'cancel'}
                  onClick={() => setPanel(panel === 'cancel' ? undefined : 'cancel')}
                >
                  Cancel…
                </Button>
              )}
            </Group>
          )}
          {panel === 'reschedule' && (
            <ReschedulePanel
              a={a}
              timeZone={timeZone}
              onMoved={() => {
                notifications.show({ color: 'green', title: 'Appointment moved', message: a.patient?.display ?? '' });
                void refresh();
                close();
              }}
            />
          )}
          {panel === 'cancel' && (
            <CancelPanel
              a={a}
              onCancelled={() => {
                void refresh();
                close();
              }}
            />
          )}
          <Divider />
          <Title order={3} size="h5">
            History
          </Title>
          <History id={a.id} timeZone={timeZone} />
        </Stack>
      )}
    </Drawer>
  );
}
