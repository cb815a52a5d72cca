/** Sign-in: username and password, then the authenticator code when the account has MFA. */
import { useState } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { signIn } from '../api/auth.ts';
import { ApiError } from '../api/http.ts';
import { useSession } from './session-context.tsx';

export default function SignInPage() {
  const { reload, endedBecause } = useSession();
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useForm({
    mode: 'controlled',
    initialValues: { username: '', password: '', totp: '' },
    validateInputOnBlur: true,
    validate: {
      username: (v) => (v.trim() ? null : 'Enter your username'),
      password: (v) => (v ? null : 'Enter your password'),
      totp: (v) =>
        needsCode && !/^[0-9a-zA-Z-]{6,16}$/.test(v.trim()) ? 'Enter the 6-digit code from your authenticator app, or a backup code' : null,
    },
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(values.username.trim(), values.password, needsCode ? values.totp.trim() : undefined);
      await reload();
    } catch (err) {
      if (err instanceof ApiError && err.fieldMessage('totp') && !needsCode) {
        setNeedsCode(true);
      } else if (err instanceof ApiError) {
        setError(err.message);
        if (needsCode) form.setFieldValue('totp', '');
      } else {
        setError('Sign-in failed. Try again.');
      }
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" bg="gray.0" component="main">
      <Paper withBorder shadow="sm" p="xl" w={380} radius="md">
        <form onSubmit={submit} noValidate aria-labelledby="sign-in-title">
          <Stack>
            <div>
              <Title order={1} size="h2" id="sign-in-title">
                Sign in to Hale
              </Title>
              <Text c="dimmed" size="sm">
                Hospital and clinic records
              </Text>
            </div>
            {endedBecause && !error && (
              <Alert color="yellow" title="You were signed out" role="status">
                {endedBecause}
              </Alert>
            )}
            {error && (
              <Alert color="red" title="Could not sign in" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label="Username"
              autoComplete="username"
              autoFocus
              required
              disabled={needsCode}
              {...form.getInputProps('username')}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              disabled={needsCode}
              {...form.getInputProps('password')}
            />
            {needsCode && (
              <TextInput
                // Shown after the password was right: the user's next key press is the code.
                autoFocus
                label="Authenticator code"
                description="The 6-digit code from your authenticator app, or one of your backup codes"
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                {...form.getInputProps('totp')}
              />
            )}
            <Button type="submit" loading={busy}>
              {needsCode ? 'Verify and sign in' : 'Sign in'}
            </Button>
            {needsCode && (
              <Button
                variant="subtle"
                onClick={() => {
                  setNeedsCode(false);
                  form.setFieldValue('totp', '');
                  setError(undefined);
                }}
              >
                Use another account
              </Button>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
