/**
 * Small labels for an account's roles and state, the same in the table and the details.
 * State badges use the "dot" variant: dark text beside a coloured dot reads at any colour,
 * where yellow or green text on its own tint falls below WCAG AA contrast.
 */
import { Badge, Group } from '@mantine/core';
import type { AdminUser } from './admin-api.ts';
import { roleShortLabel } from './account-rules.ts';

export function RoleBadges({ roles }: { roles: readonly string[] }) {
  return (
    <Group gap={4}>
      {roles.map((r) => (
        <Badge key={r} variant="light" size="sm" miw="max-content" color={r === 'admin' ? 'grape' : r === 'auditor' ? 'blue' : 'teal'}>
          {roleShortLabel(r)}
        </Badge>
      ))}
    </Group>
  );
}

/** `short` under a column already headed "MFA". */
export function MfaBadge({ user, short = false }: { user: AdminUser; short?: boolean }) {
  return (
    <Badge variant="dot" color={user.mfaEnabled ? 'green' : 'gray'} size="sm" miw="max-content">
      {short ? '' : 'MFA '}
      {user.mfaEnabled ? 'on' : 'off'}
    </Badge>
  );
}

/** Active, or each thing that stops or limits sign-in. */
export function StatusBadges({ user }: { user: AdminUser }) {
  const labels: { text: string; color: string }[] = [];
  if (user.disabled) labels.push({ text: 'Disabled', color: 'red' });
  if (user.locked) labels.push({ text: 'Locked', color: 'orange' });
  if (user.mustChangePassword) labels.push({ text: 'Temporary password', color: 'yellow' });
  if (!labels.length) labels.push({ text: 'Active', color: 'green' });
  return (
    <Group gap={4}>
      {labels.map((l) => (
        <Badge key={l.text} variant="dot" color={l.color} size="sm" miw="max-content">
          {l.text}
        </Badge>
      ))}
    </Group>
  );
}
