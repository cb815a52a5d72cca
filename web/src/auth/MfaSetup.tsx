/**
 * Two-factor set-up: scan the QR code (or type the key), confirm with a code, then keep
 * the backup codes, which the server shows only this once.
 */
import { useState } from 'react';
import { Alert, Button, Code, Group, Image, List, Loader, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { confirmMfa, startMfaSetup } from '../api/auth.ts';
import { applyServerErrors } from '../components/server-errors.ts';
import { useSession } from './session-context.tsx';

export function MfaSetup({ onDone }: { onDone: () => void }) {
  const [backupCodes, setBackupCodes] = useState<string[]>();
  const [error, setError] = useState<string>();
  const setup = useQuery({ queryKey: ['mfa-setup'], queryFn: startMfaSetup, staleTime: Infinity, gcTime: 0, retry: false });
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: '' },
    validate: { code: (v) => (/^\d{6}$/.test(v.trim()) ? null : 'Enter the 6 digits your app shows') },
  });
  const submit = form.onSubmit(async ({ code }) => {
    setError(undefined);
    try {
      const r = await confirmMfa(code.trim());
      setBackupCodes(r.backupCodes);
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  });

  if (backupCodes)
    return (
      <Stack>
        <Alert color="green" title="Two-factor sign-in is on" role="status">
          Keep these backup codes somewhere safe, apart from your phone. Each works once, if you lose the app. They are not shown again.
        </Alert>
        <SimpleGrid cols={2} maw={320} component="ul" aria-label="Backup codes" style={{ listStyle: 'none', padding: 0 }}>
          {backupCodes.map((c) => (
            <li key={c}>
              <Code fz="md">{c}</Code>
            </li>
          ))}
        </SimpleGrid>
        <Group>
          <Button onClick={() => void navigator.clipboard?.writeText(backupCodes.join('\n'))} variant="default">
            Copy codes
          </Button>
          <Button onClick={onDone}>I have kept the codes</Button>
        </Group>
      </Stack>
    );

  if (setup.isPending)
    return (
      <Group>
        <Loader size="sm" aria-label="Preparing" /> <Text>Preparing your key…</Text>
      </Group>
    );
  if (setup.isError)
    return (
      <Alert color="red" role="alert" title="Set-up could not start">
        {setup.error.message}
      </Alert>
    );

  return (
    <Stack>
      <List type="ordered" spacing="xs">
        <List.Item>Open an authenticator app (such as FreeOTP, Google Authenticator or 1Password).</List.Item>
        <List.Item>Scan this code, or type the key below.</List.Item>
        <List.Item>Enter the 6-digit code the app shows.</List.Item>
      </List>
      <Image src={setup.data.qrCode} alt="QR code for your authenticator app" w={200} h={200} />
      <Text size="sm">
        Key: <Code data-testid="mfa-secret">{setup.data.secret}</Code>
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack maw={320}>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Code from the app" inputMode="numeric" autoComplete="one-time-code" required {...form.getInputProps('code')} />
          <Button type="submit" loading={form.submitting}>
            Turn on two-factor sign-in
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}

export default function MfaSetupPage() {
  const { reload, logOff } = useSession();
  return (
    <Stack p="xl" maw={560} mx="auto" component="main">
      <Title order={1} size="h2">
        Set up two-factor sign-in
      </Title>
      <Text>Your role needs a second factor: a code from an app on your phone, asked at every sign-in.</Text>
      <MfaSetup onDone={() => void reload()} />
      <Button variant="subtle" w="fit-content" onClick={() => void logOff()}>
        Sign out
      </Button>
    </Stack>
  );
}
