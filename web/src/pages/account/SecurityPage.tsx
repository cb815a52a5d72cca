/** Password and sign-in: change the password, turn on two-factor sign-in. */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMe, useSession } from '../../auth/session-context.tsx';
import { ChangePasswordForm } from '../../auth/ChangePasswordPage.tsx';
import { MfaSetup } from '../../auth/MfaSetup.tsx';

export default function SecurityPage() {
  const me = useMe();
  const { reload } = useSession();
  const [changed, setChanged] = useState(false);
  const [settingUp, setSettingUp] = useState(false);
  return (
    <Stack maw={640}>
      <Title order={1} size="h2">
        Password and sign-in
      </Title>
      <Card withBorder component="section" aria-labelledby="password-heading">
        <Title order={2} size="h4" id="password-heading" mb="sm">
          Password
        </Title>
        {changed ? (
          <Alert color="green" role="status">
            Your password is changed. Your other sessions have ended.
          </Alert>
        ) : (
          <ChangePasswordForm forced={false} onDone={() => setChanged(true)} />
        )}
      </Card>
      <Card withBorder component="section" aria-labelledby="mfa-heading">
        <Group mb="sm">
          <Title order={2} size="h4" id="mfa-heading">
            Two-factor sign-in
          </Title>
          <Badge color={me.user.mfaEnabled ? 'green' : 'gray'}>{me.user.mfaEnabled ? 'On' : 'Off'}</Badge>
        </Group>
        {me.user.mfaEnabled ? (
          <Text size="sm">
            Every sign-in asks for a code from your authenticator app. If you lose the device, use a backup code or ask an administrator to
            reset it.
          </Text>
        ) : settingUp ? (
          <MfaSetup
            onDone={() => {
              setSettingUp(false);
              void reload();
            }}
          />
        ) : (
          <Stack align="flex-start">
            <Text size="sm">Protect your account with a code from an app on your phone.</Text>
            <Button onClick={() => setSettingUp(true)}>Set up two-factor sign-in</Button>
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
