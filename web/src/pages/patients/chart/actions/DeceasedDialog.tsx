/**
 * Record a death, or correct its date. The time is entered in the user's own clock and sent
 * as an instant (UTC); when only the day is known, the day alone is sent, as FHIR allows.
 */
import { useEffect } from 'react';
import { Checkbox, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { todayDate } from '../../../../api/fhir.ts';
import { markDeceased, type ChartSummary } from '../chart-api.ts';
import { deathOf } from '../death.ts';
import { notify } from '../notify.ts';
import { ActionModal } from './ActionModal.tsx';
import { useAction } from './use-action.ts';

/** Now, as a datetime-local input writes it (local time, to the minute). */
export function localNow(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${todayDate(now)}T${p(now.getHours())}:${p(now.getMinutes())}`;
}

/** " 2 appointments and 1 waiting-list place were cancelled." (a waiting-list place has no start), or nothing. */
export function cancelledText(cancelled: { start?: string }[]): string {
  const count = (n: number, one: string, many: string) => (n === 0 ? undefined : `${n} ${n === 1 ? one : many}`);
  const visits = cancelled.filter((a) => a.start).length;
  const parts = [
    count(visits, 'appointment', 'appointments'),
    count(cancelled.length - visits, 'waiting-list place', 'waiting-list places'),
  ];
  const said = parts.filter(Boolean).join(' and ');
  return said ? ` ${said} ${cancelled.length === 1 ? 'was' : 'were'} cancelled.` : '';
}

/** " The portal accounts lily.late and luke.late were closed." (the patient's own, proxies'), or nothing. */
export function closedAccountsText(usernames: string[]): string {
  if (!usernames.length) return '';
  const names = usernames.length === 1 ? usernames[0] : `${usernames.slice(0, -1).join(', ')} and ${usernames.at(-1)}`;
  return usernames.length === 1 ? ` The portal account ${names} was closed.` : ` The portal accounts ${names} were closed.`;
}

interface Values {
  dateTime: string;
  date: string;
  timeUnknown: boolean;
}

/** What the server is sent: a UTC instant, or the day alone. */
export function deathValue(v: Values): string {
  return v.timeUnknown ? v.date : new Date(v.dateTime).toISOString();
}

export function DeceasedDialog({ patient, opened, onClose }: { patient: ChartSummary['patient']; opened: boolean; onClose: () => void }) {
  const alreadyRecorded = !!deathOf(patient);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { dateTime: localNow(), date: todayDate(), timeUnknown: false },
    validateInputOnChange: true,
    validate: {
      dateTime: (v, values) => {
        if (values.timeUnknown) return null;
        if (!v || Number.isNaN(new Date(v).getTime())) return 'Enter the date and time of death';
        if (new Date(v).getTime() > Date.now() + 60_000) return 'Cannot be in the future';
        if (patient.birthDate && v.slice(0, 10) < patient.birthDate) return 'Cannot be before the date of birth';
        return null;
      },
      date: (v, values) => {
        if (!values.timeUnknown) return null;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'Enter the date of death';
        if (v > todayDate()) return 'Cannot be in the future';
        if (patient.birthDate && v < patient.birthDate) return 'Cannot be before the date of birth';
        return null;
      },
    },
  });
  // The suggested time is "now" when the dialog opens, not when the chart was loaded; what the user typed stays.
  useEffect(() => {
    if (!opened || form.isDirty()) return;
    form.setInitialValues({ dateTime: localNow(), date: todayDate(), timeUnknown: false });
    form.reset();
  }, [opened]);
  const action = useAction(form);
  const submit = form.onSubmit(async (values) => {
    const done = await action.run([patient.id], () => markDeceased(patient.id, deathValue(values)));
    if (!done.ok) return;
    const { cancelledAppointments, closedPortalAccounts } = done.value;
    notify(`The death of ${patient.name} is recorded.${cancelledText(cancelledAppointments)}${closedAccountsText(closedPortalAccounts)}`, {
      color: 'dark',
    });
    onClose();
  });
  // The server names the one field `dateTime`; when the day alone was sent, its message belongs on the day.
  const dayErrors = form.values.timeUnknown && form.errors.dateTime ? form.errors.dateTime : form.errors.date;
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title={alreadyRecorded ? 'Correct the date of death' : 'Record a death'}
      error={action.error}
      busy={action.busy}
      confirmLabel="Record death"
      confirmColor="dark"
      onSubmit={submit}
    >
      <Text size="sm">
        {patient.name} will be shown as deceased on every screen. Open appointments and waiting-list places from the time of death on are
        cancelled, and no message is sent to the patient. Portal accounts to this record (the patient&apos;s own and family members&apos;)
        are closed.
      </Text>
      {form.values.timeUnknown ? (
        <TextInput
          type="date"
          label="Date of death"
          required
          max={todayDate()}
          min={patient.birthDate}
          {...form.getInputProps('date')}
          error={dayErrors}
        />
      ) : (
        <TextInput
          type="datetime-local"
          label="Date and time of death"
          description="In your local time."
          required
          max={localNow()}
          data-autofocus
          {...form.getInputProps('dateTime')}
        />
      )}
      <Checkbox label="Only the date is known" {...form.getInputProps('timeUnknown', { type: 'checkbox' })} />
    </ActionModal>
  );
}
