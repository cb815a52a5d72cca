/**
 * The one-off actions on an account, each confirmed first: reset the password (the new
 * temporary one is shown once), reset two-factor sign-in, unlock after failed sign-ins,
 * disable or enable. Each ends the account's sessions where the server says so.
 */
import { useState } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../auth/session-context.tsx';
import { resetMfa, resetPassword, unlockUser, updateUser, type AdminUser } from './admin-api.ts';
import { ConfirmModal } from './ConfirmModal.tsx';
import { TemporaryPasswordModal } from './TemporaryPasswordModal.tsx';

type Action = 'reset-password' | 'reset-mfa' | 'unlock' | 'disable' | 'enable';

const CONFIRM: Record<Action, { title: string; label: string; color: string; text: (u: AdminUser) => string }> = {
  'reset-password': {
    title: 'Reset the password?',
    label: 'Reset password',
    color: 'red',
    text: (u) =>
      `${u.username} gets a new temporary password, shown to you once, and must choose their own at next sign-in. Every session of the account ends now, and a lock is lifted.`,
  },
  'reset-mfa': {
    title: 'Reset two-factor sign-in?',
    label: 'Reset two-factor sign-in',
    color: 'red',
    text: (u) =>
      `${u.username}'s authenticator and backup codes stop working and every session ends. If their roles require two-factor sign-in, they set it up again at next sign-in. Do this only after checking who is asking.`,
  },
  unlock: {
    title: 'Unlock the account?',
    label: 'Unlock',
    color: 'teal',
    text: (u) => `${u.username} can sign in again at once instead of waiting for the lock to expire. Their password does not change.`,
  },
  disable: {
    title: 'Disable the account?',
    label: 'Disable account',
    color: 'red',
    text: (u) =>
      `${u.username} cannot sign in any more and every session ends now. Their records and audit trail stay. You can enable the account again later.`,
  },
  enable: {
    title: 'Enable the account?',
    label: 'Enable account',
    color: 'teal',
    text: (u) => `${u.username} can sign in again with their current password.`,
  },
};

function run(action: Action, user: AdminUser): Promise<{ user?: AdminUser; temporaryPassword?: string }> {
  switch (action) {
    case 'reset-password':
      return resetPassword(user.id);
    case 'reset-mfa':
      return resetMfa(user.id).then((u) => ({ user: u }));
    case 'unlock':
      return unlockUser(user.id).then((u) => ({ user: u }));
    case 'disable':
    case 'enable':
      return updateUser(user.id, { disabled: action === 'disable' }).then((u) => ({ user: u }));
  }
}

export function AccountActions({ user }: { user: AdminUser }) {
  const client = useQueryClient();
  const { me } = useSession();
  // The action stays set while its dialog closes, so the closing dialog keeps its words.
  const [pending, setPending] = useState<Action>();
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState<string>();
  const mutation = useMutation({
    mutationFn: (action: Action) => run(action, user),
    onSuccess: (result) => {
      if (result.user) client.setQueryData(['admin', 'users', 'one', user.id], result.user);
      void client.invalidateQueries({ queryKey: ['admin', 'users'] });
      setAsking(false);
      if (result.temporaryPassword) setPassword(result.temporaryPassword);
    },
  });
  const ask = (action: Action) => {
    mutation.reset();
    setPending(action);
    setAsking(true);
  };
  const isSelf = me?.user.id === user.id;
  const confirm = pending ? CONFIRM[pending] : undefined;

  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button variant="light" color="red" onClick={() => ask('reset-password')}>
          Reset password
        </Button>
        {user.mfaEnabled && (
          <Button variant="light" color="red" onClick={() => ask('reset-mfa')}>
            Reset two-factor sign-in
          </Button>
        )}
        {user.locked && (
          <Button variant="light" onClick={() => ask('unlock')}>
            Unlock
          </Button>
        )}
        {user.disabled ? (
          <Button variant="light" onClick={() => ask('enable')}>
            Enable account
          </Button>
        ) : (
          // Locking oneself out of the only admin account would need the command line to undo.
          !isSelf && (
            <Button variant="light" color="red" onClick={() => ask('disable')}>
              Disable account
            </Button>
          )
        )}
      </Group>
      {isSelf && (
        <Text size="sm" c="dimmed">
          This is your own account: you cannot disable it here.
        </Text>
      )}
      <ConfirmModal
        opened={asking && !!confirm}
        title={confirm?.title ?? ''}
        confirmLabel={confirm?.label ?? ''}
        color={confirm?.color}
        pending={mutation.isPending}
        error={mutation.error?.message}
        onConfirm={() => pending && mutation.mutate(pending)}
        onCancel={() => setAsking(false)}
      >
        {confirm?.text(user)}
      </ConfirmModal>
      <TemporaryPasswordModal username={user.username} password={password} onClose={() => setPassword(undefined)} />
    </Stack>
  );
}
