/** The account menu: who is signed in, locale, own sessions and security, sign out. */
import { Avatar, Menu, NativeSelect, UnstyledButton, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useMe, useSession } from '../auth/session-context.tsx';
import { LOCALES, useFormat } from '../i18n/locale.tsx';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('');
}

export function AccountMenu() {
  const me = useMe();
  const { logOff } = useSession();
  const format = useFormat();
  return (
    <Menu position="bottom-end" withinPortal closeOnItemClick>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${me.user.displayName}`}>
          <Group gap="xs" wrap="nowrap">
            <Avatar radius="xl" color="teal.9" variant="filled" size="sm">
              {initials(me.user.displayName || me.user.username)}
            </Avatar>
            <div>
              <Text size="sm" fw={600} lh={1.1} visibleFrom="sm">
                {me.user.displayName || me.user.username}
              </Text>
              <Text size="xs" c="dimmed" lh={1.1} visibleFrom="sm">
                {me.user.roles.join(', ')}
              </Text>
            </div>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as {me.user.username}</Menu.Label>
        <Menu.Item component={Link} to="/account/sessions">
          My sessions
        </Menu.Item>
        <Menu.Item component={Link} to="/account/security">
          Password and sign-in
        </Menu.Item>
        <Menu.Divider />
        <div style={{ padding: '4px 12px 8px' }} onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
          <NativeSelect
            label="Language and dates"
            size="xs"
            data={LOCALES}
            value={format.locale}
            onChange={(e) => format.setLocale(e.currentTarget.value)}
          />
        </div>
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => void logOff('You signed out.')}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
