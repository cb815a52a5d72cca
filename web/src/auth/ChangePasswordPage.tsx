/**
 * Change password: forced at first sign-in with a temporary password, and offered from
 * the account menu. The server applies the policy (length, common passwords); its message
 * shows next to the new-password field.
 */
import { useState } from 'react';
import { Alert, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { changePassword } from '../api/auth.ts';
import { applyServerErrors } from '../components/server-errors.ts';
import { useSession } from './session-context.tsx';

export function ChangePasswordForm({ forced, onDone }: { forced: boolean; onDone: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validateInputOnChange: ['newPassword', 'repeat'],
    validate: {
      currentPassword: (v) => (v ? null : forced ? 'Enter the temporary password you signed in with' : 'Enter your current password'),
      newPassword: (v) => (v.length >= 12 ? null : `At least 12 characters (${v.length} so far)`),
      repeat: (v, values) => (v === values.newPassword ? null : 'The two new passwords differ'),
    },
  });
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(undefined);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      onDone();
    } catch (err) {
      setError(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={420}>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <PasswordInput
          label={forced ? 'Temporary password' : 'Current password'}
          autoComplete="current-password"
          required
          {...form.getInputProps('currentPassword')}
        />
        <PasswordInput
          label="New password"
          description="At least 12 characters. A passphrase of several words is easy to remember and hard to guess."
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
        />
        <PasswordInput label="Repeat the new password" autoComplete="new-password" required {...form.getInputProps('repeat')} />
        <Button type="submit" loading={busy}>
          Change password
        </Button>
      </Stack>
    </form>
  );
}

export default function ChangePasswordPage() {
  const { reload, logOff } = useSession();
  return (
    <Stack p="xl" maw={520} mx="auto" component="main">
      <Title order={1} size="h2">
        Choose your password
      </Title>
      <Text>Your account has a temporary password. Choose your own before you go on; your other sessions will end.</Text>
      <ChangePasswordForm forced onDone={() => void reload()} />
      <Button variant="subtle" onClick={() => void logOff()} w="fit-content">
        Sign out
      </Button>
    </Stack>
  );
}
