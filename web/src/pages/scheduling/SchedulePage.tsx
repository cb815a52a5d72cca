/**
 * The calendar (`/schedule`): day, week or month, by practitioner, by department (its
 * practitioners side by side in the day view) or by room, with date navigation. The URL holds
 * the view, the subject and the date. Appointments are blocks in the location's zone; a
 * block dragged to a new time (mouse or keyboard) asks for confirmation and a reason. A
 * block opens the appointment; a shaded free time opens the booking with that time.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Loader, NativeSelect, SegmentedControl, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useSearchParams } from 'react-router';
import { useMe } from '../../auth/session-context.tsx';
import { useFormat } from '../../i18n/locale.tsx';
import { daysShown, readState, step, writeState, type By, type CalendarState, type View } from './calendar-url.ts';
import { useDirectory, type Directory } from './directory.ts';
import { subjectsOf, useCalendar } from './use-calendar.ts';
import { TimeGrid, type MoveProposal } from './TimeGrid.tsx';
import { MonthView } from './MonthView.tsx';
import { AppointmentDrawer } from './AppointmentDrawer.tsx';
import { BookingDrawer } from './BookingDrawer.tsx';
import { RescheduleConfirm, type Move } from './RescheduleConfirm.tsx';
import { WaitlistPanel } from './WaitlistPanel.tsx';
import { useSchedulingRoles } from './scheduling-roles.ts';
import { useRefreshScheduling } from './use-visit-step.ts';
import { STATUS, TYPES, canMove } from './status.ts';
import type { AppointmentSummary, SlotView } from './scheduling-api.ts';
import type { BookingValues } from './booking-form.ts';
import { browserZone, todayIn, zoneAbbreviation, zoneFormat } from './zone-time.ts';
import './scheduling.css';

const BY_LABEL: Record<By, string> = { practitioner: 'Practitioner', department: 'Department', room: 'Room' };
const STEP_NAME: Record<View, string> = { day: 'day', week: 'week', month: 'month' };

function subjectOptions(by: By, d: Directory | undefined): { value: string; label: string }[] {
  if (!d) return [];
  const mark = (id: string, name: string) => ({ value: id, label: d.scheduled.has(id) ? name : `${name} (no availability)` });
  if (by === 'practitioner') return d.practitioners.map((p) => mark(p.id, p.name));
  if (by === 'room') return d.rooms.map((r) => mark(r.id, r.name));
  return d.departments.map((o) => ({ value: o.id, label: o.name }));
}

/** Whom the calendar opens on: the user's own practitioner, else the first with availability. */
function defaultSubject(by: By, d: Directory, ownPractitioner?: string): string | undefined {
  if (by === 'practitioner') {
    if (ownPractitioner && d.practitioners.some((p) => p.id === ownPractitioner)) return ownPractitioner;
    return (d.practitioners.find((p) => d.scheduled.has(p.id)) ?? d.practitioners[0])?.id;
  }
  if (by === 'room') return (d.rooms.find((r) => d.scheduled.has(r.id)) ?? d.rooms[0])?.id;
  const own = ownPractitioner && d.practitioners.find((p) => p.id === ownPractitioner)?.departmentIds[0];
  if (own) return own;
  return (
    d.departments.find((o) => d.practitioners.some((p) => p.departmentIds.includes(o.id) && d.scheduled.has(p.id))) ?? d.departments[0]
  )?.id;
}

function Legend() {
  return (
    <Group gap={6} role="group" aria-label="Key: a block's fill is its state, its left edge its type">
      <Text size="xs" c="gray.8">
        States:
      </Text>
      {['booked', 'arrived', 'checked-in', 'fulfilled', 'noshow'].map((s) => (
        <span key={s} className="sched-key" style={{ background: `var(--mantine-color-${STATUS[s]!.color}-1)` }}>
          {STATUS[s]!.label}
        </span>
      ))}
      <Text size="xs" c="gray.8" ml="sm">
        Types:
      </Text>
      {TYPES.map((t) => (
        <span key={t.value} className="sched-key" style={{ borderLeftColor: `var(--mantine-color-${t.color}-7)` }}>
          {t.label}
        </span>
      ))}
      <span className="sched-key sched-key-open">Free time</span>
    </Group>
  );
}

export default function SchedulePage() {
  const me = useMe();
  const { locale } = useFormat();
  const [params, setParams] = useSearchParams();
  const today = todayIn(browserZone());
  const state = readState(params, today);
  const directory = useDirectory();
  const { canWrite } = useSchedulingRoles();
  const refresh = useRefreshScheduling();
  const [showCancelled, setShowCancelled] = useState(false);
  const [open, setOpen] = useState<AppointmentSummary>();
  const [booking, setBooking] = useState<Partial<BookingValues>>();
  const [move, setMove] = useState<Move>();
  // Where a moved block is drawn until the lists are read again (or back where it was).
  const [ghost, setGhost] = useState<Move>();

  const go = (next: Partial<CalendarState>, replace = false) => setParams(writeState({ ...state, ...next }), { replace });

  // A view without a subject opens on a sensible one (replacing the address, so Back still leaves the page).
  useEffect(() => {
    if (!state.id && directory.data) {
      const id = defaultSubject(state.by, directory.data, me.user.practitionerId);
      if (id) go({ id }, true);
    }
  }, [state.id, state.by, directory.data]);

  const subjects = useMemo(() => subjectsOf(state, directory.data), [state.by, state.id, directory.data]);
  const cal = useCalendar(state, subjects, showCancelled);
  const fmt = zoneFormat(locale, cal.timeZone);
  const days = daysShown(state);
  const subjectLabel =
    subjects.length === 1 ? subjects[0]!.label : (directory.data?.departments.find((o) => o.id === state.id)?.name ?? '');
  const period =
    state.view === 'day'
      ? fmt.day(state.date)
      : state.view === 'week'
        ? `${fmt.day(days[0]!, 'short')} – ${fmt.day(days[6]!, 'short')}`
        : fmt.month(state.date);
  const here = browserZone();
  const abbreviation = zoneAbbreviation(cal.timeZone);
  const zoneNote =
    cal.timeZone !== here
      ? `Times in ${cal.timeZone}${abbreviation !== cal.timeZone ? ` (${abbreviation})` : ''}; your computer is on ${here}.`
      : undefined;

  const columns = cal.columns.map((c) => ({
    ...c,
    label:
      state.view === 'week'
        ? fmt.day(c.date, 'short')
        : state.by === 'department'
          ? c.label
          : `${subjectLabel}, ${fmt.day(c.date, 'short')}`,
  }));

  const propose = (p: MoveProposal) => {
    if ('refused' in p) notifications.show({ color: 'yellow', title: 'Not moved', message: p.refused });
    else {
      setMove(p);
      setGhost(p);
    }
  };
  const openSlot = (slot: SlotView) => {
    if (!canWrite) return;
    const day = slot.startLocal.slice(0, 10);
    setBooking({ practitionerId: slot.practitioner.id, locationId: slot.location.id, from: day, to: day, slot });
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Calendar
          </Title>
          <Text c="gray.7" size="sm">
            {subjectLabel ? `${subjectLabel} · ` : ''}
            {period}
          </Text>
        </div>
        {canWrite && (
          <Button
            onClick={() =>
              setBooking({
                practitionerId: state.by === 'practitioner' ? state.id : undefined,
                locationId: state.by === 'room' ? state.id : undefined,
                from: state.date >= today ? state.date : today,
              })
            }
          >
            Book appointment
          </Button>
        )}
      </Group>

      <Group align="flex-end" gap="sm" wrap="wrap">
        <div>
          <Text size="sm" fw={500} id="view-label" mb={2}>
            View
          </Text>
          <SegmentedControl
            aria-labelledby="view-label"
            value={state.view}
            onChange={(v) => go({ view: v as View })}
            data={[
              { value: 'day', label: 'Day' },
              { value: 'week', label: 'Week' },
              { value: 'month', label: 'Month' },
            ]}
          />
        </div>
        <NativeSelect
          label="View by"
          value={state.by}
          onChange={(e) => go({ by: e.currentTarget.value as By, id: undefined })}
          data={[
            { value: 'practitioner', label: 'Practitioner' },
            { value: 'department', label: 'Department' },
            { value: 'room', label: 'Room' },
          ]}
        />
        <NativeSelect
          label={BY_LABEL[state.by]}
          value={state.id ?? ''}
          onChange={(e) => go({ id: e.currentTarget.value || undefined })}
          data={[
            { value: '', label: directory.isPending ? 'Loading…' : `Choose a ${BY_LABEL[state.by].toLowerCase()}` },
            ...subjectOptions(state.by, directory.data),
          ]}
          miw={260}
        />
        <Group gap={4} align="flex-end">
          <Button variant="default" onClick={() => go({ date: step(state, -1) })} aria-label={`Previous ${STEP_NAME[state.view]}`}>
            ‹
          </Button>
          <Button variant="default" onClick={() => go({ date: today })}>
            Today
          </Button>
          <Button variant="default" onClick={() => go({ date: step(state, 1) })} aria-label={`Next ${STEP_NAME[state.view]}`}>
            ›
          </Button>
        </Group>
        <TextInput
          type="date"
          label="Go to date"
          value={state.date}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (/^\d{4}-\d{2}-\d{2}$/.test(v)) go({ date: v });
          }}
        />
        <Switch label="Show cancelled" checked={showCancelled} onChange={(e) => setShowCancelled(e.currentTarget.checked)} mb={8} />
      </Group>

      <Group justify="space-between" gap="xs">
        <Legend />
        {zoneNote && (
          <Text size="sm" fw={600} c="orange.9">
            {zoneNote}
          </Text>
        )}
      </Group>

      {directory.isError && (
        <Alert color="red" role="alert" title="The practitioners and rooms could not be loaded">
          {directory.error.message}
        </Alert>
      )}
      {cal.error && (
        <Alert color="red" role="alert" title="The calendar could not be loaded">
          {cal.error.message}
        </Alert>
      )}
      {!state.id && !directory.isPending && <Text>Choose a {BY_LABEL[state.by].toLowerCase()} to see the calendar.</Text>}
      {state.id && subjects.length === 0 && directory.data && <Text>Nobody in this department has a role with a practitioner.</Text>}
      {cal.loading && subjects.length > 0 && (
        <Group role="status">
          <Loader size="sm" aria-hidden /> <Text>Loading the calendar…</Text>
        </Group>
      )}

      {subjects.length > 0 && !cal.loading && state.view !== 'month' && (
        <TimeGrid
          columns={columns}
          timeZone={cal.timeZone}
          rowMinutes={cal.rowMinutes}
          label={`${subjectLabel}: ${period}`}
          canDrag={(a) => canWrite && canMove(a.status)}
          onOpen={setOpen}
          onPropose={propose}
          onOpenSlot={canWrite ? openSlot : undefined}
          pendingMove={ghost ? { id: ghost.appointment.id, start: ghost.start.toISOString(), end: ghost.end.toISOString() } : undefined}
          showPractitioner={state.by !== 'practitioner' && !(state.by === 'department' && state.view === 'day')}
        />
      )}
      {subjects.length > 0 && !cal.loading && state.view === 'month' && (
        <MonthView
          days={days}
          month={state.date}
          today={todayIn(cal.timeZone)}
          items={cal.appointments}
          timeZone={cal.timeZone}
          onOpen={setOpen}
          onDay={(date) => go({ view: 'day', date })}
        />
      )}

      {state.by === 'practitioner' && state.id && subjects[0] && (
        <WaitlistPanel practitionerId={state.id} practitionerName={subjects[0].label} />
      )}

      <AppointmentDrawer appointment={open} onClose={() => setOpen(undefined)} />
      <BookingDrawer opened={!!booking} initial={booking} onClose={() => setBooking(undefined)} />
      <RescheduleConfirm
        move={move}
        timeZone={cal.timeZone}
        onCancel={() => {
          setMove(undefined);
          setGhost(undefined);
        }}
        onRefused={() => setGhost(undefined)}
        onDone={() => {
          notifications.show({ color: 'green', title: 'Appointment moved', message: move?.appointment.patient?.display ?? '' });
          setMove(undefined);
          void refresh().finally(() => setGhost(undefined));
        }}
      />
    </Stack>
  );
}
