/**
 * A patient's notification preferences: which channels they agreed to, the language of the
 * messages, and quiet hours. Self-contained: give it a patient id and it loads and saves
 * through /api/v1/patients/:id/notification-preferences, so the chart (staff) and the portal
 * (the patient) embed the same form. The server decides who may save; a refusal or a field
 * it objects to is shown where it belongs.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyServerErrors } from '../../components/server-errors.ts';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { CHANNEL_LABEL, getPreferences, savePreferences, type Channel, type NotificationPreferences } from './notifications-api.ts';

interface Values {
  channels: Channel[];
  language: string;
  quiet: boolean;
  quietHours: { start: string; end: string };
}

const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
  { value: 'fr', label: 'Français' },
  { value: 'es', label: 'Español' },
  { value: 'it', label: 'Italiano' },
  { value: 'pt-BR', label: 'Português (Brasil)' },
  { value: 'tr', label: 'Türkçe' },
  { value: 'pl', label: 'Polski' },
];

const FROM_RECORD = '';
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const toValues = (p: NotificationPreferences): Values => ({
  channels: p.channels,
  language: p.language ?? FROM_RECORD,
  quiet: !!p.quietHours,
  quietHours: p.quietHours ?? { start: '21:00', end: '07:00' },
});

const toPreferences = (v: Values): NotificationPreferences => ({
  channels: (Object.keys(CHANNEL_LABEL) as Channel[]).filter((c) => v.channels.includes(c)),
  language: v.language || null,
  quietHours: v.quiet ? v.quietHours : null,
});

/** The server names list entries (channels[1]); the checkbox group has one place for them all. */
const ALIASES = { 'channels[0]': 'channels', 'channels[1]': 'channels', 'channels[2]': 'channels', quietHours: 'quietHours.start' };

export function NotificationPreferencesForm({ patientId, heading = 'Appointment messages' }: { patientId: string; heading?: string }) {
  const prefs = useQuery({
    queryKey: ['notifications', 'preferences', patientId],
    queryFn: ({ signal }) => getPreferences(patientId, signal),
  });
  if (prefs.isPending) return <PageLoading />;
  if (prefs.isError)
    return (
      <Alert color="red" role="alert" title="The message preferences could not be loaded">
        {prefs.error.message}
      </Alert>
    );
  // Keyed by patient: another patient's preferences never start from this one's draft.
  return <PreferencesFields key={patientId} patientId={patientId} initial={prefs.data} heading={heading} />;
}

function PreferencesFields({ patientId, initial, heading }: { patientId: string; initial: NotificationPreferences; heading: string }) {
  const client = useQueryClient();
  const [banner, setBanner] = useState<string>();
  const [saved, setSaved] = useState(false);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: toValues(initial),
    validate: {
      quietHours: {
        start: (v, all) => (all.quiet && !TIME.test(v) ? 'Give a time like 21:00' : null),
        end: (v, all) =>
          !all.quiet ? null : !TIME.test(v) ? 'Give a time like 07:00' : v === all.quietHours.start ? 'Must differ from the start' : null,
      },
    },
    onValuesChange: () => setSaved(false),
  });
  const save = useMutation({
    mutationFn: (v: Values) => savePreferences(patientId, toPreferences(v)),
    onSuccess: (result) => {
      client.setQueryData(['notifications', 'preferences', patientId], result);
      form.resetDirty(toValues(result));
      setSaved(true);
    },
    onError: (err) => setBanner(applyServerErrors(form, err, ALIASES)),
  });

  const values = form.getValues();
  const languageOptions = [
    { value: FROM_RECORD, label: 'As on the patient record (else English)' },
    ...LANGUAGES,
    ...(values.language && !LANGUAGES.some((l) => l.value === values.language) ? [{ value: values.language, label: values.language }] : []),
  ];
  return (
    <form
      noValidate
      aria-label={heading}
      onSubmit={form.onSubmit((v) => {
        setBanner(undefined);
        setSaved(false);
        save.mutate(v);
      })}
    >
      <Stack>
        <Title order={2} size="h4">
          {heading}
        </Title>
        {banner && (
          <Alert color="red" role="alert">
            {banner}
          </Alert>
        )}
        <Checkbox.Group
          label="Send appointment messages by"
          description="Confirmations, reminders, moves and cancellations. With none ticked, no messages are sent."
          {...form.getInputProps('channels')}
        >
          <Group mt="xs">
            {(Object.keys(CHANNEL_LABEL) as Channel[]).map((c) => (
              <Checkbox key={c} value={c} label={CHANNEL_LABEL[c]} />
            ))}
          </Group>
        </Checkbox.Group>
        <Select label="Language of the messages" data={languageOptions} allowDeselect={false} w={320} {...form.getInputProps('language')} />
        <Checkbox label="No messages during quiet hours" {...form.getInputProps('quiet', { type: 'checkbox' })} />
        {values.quiet && (
          <>
            <Group align="flex-start">
              <TextInput type="time" label="Quiet from" w={140} {...form.getInputProps('quietHours.start')} />
              <TextInput type="time" label="Until" w={140} {...form.getInputProps('quietHours.end')} />
            </Group>
            <Text size="xs" c="dimmed">
              In the patient&apos;s time zone (else the appointment place&apos;s). A message due then waits until the quiet hours end.
            </Text>
          </>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save preferences
          </Button>
          {saved && !save.isPending && (
            <Text size="sm" c="teal" role="status">
              Saved.
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}
