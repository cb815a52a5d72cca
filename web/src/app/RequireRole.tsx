/** A page for some roles only: others get a plain explanation instead of an empty screen. */
import type { ReactNode } from 'react';
import { Alert, Stack, Title } from '@mantine/core';
import type { Role } from '../api/auth.ts';
import { useMe } from '../auth/session-context.tsx';
import { allowed } from './nav.ts';

export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useMe();
  if (allowed(roles, me.user.roles)) return <>{children}</>;
  return (
    <Stack>
      <Title order={1} size="h2">
        Not available to your role
      </Title>
      <Alert color="yellow" role="alert">
        This page is for {roles.join(', ')}. Ask an administrator if your work needs it.
      </Alert>
    </Stack>
  );
}
