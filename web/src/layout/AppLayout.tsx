/**
 * The frame around every signed-in page: a skip link, the header (quick patient search,
 * account menu), the side navigation for the user's roles, and the page itself.
 */
import { Suspense } from 'react';
import { AppShell, Burger, Group, NavLink, ScrollArea, Stack, Text, UnstyledButton, Anchor } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import { useMe } from '../auth/session-context.tsx';
import { IdleTimeout } from '../auth/IdleTimeout.tsx';
import { NAV_ITEMS, PATIENT_READERS, allowed, type NavItem } from '../app/nav.ts';
import { AccountMenu } from './AccountMenu.tsx';
import { PatientQuickSearch } from '../pages/patients/PatientQuickSearch.tsx';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { PageLoading } from '../components/PageLoading.tsx';

const SECTIONS: NavItem['section'][] = ['Work', 'Administration', 'Account'];

export { PageLoading };

export function AppLayout() {
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const items = NAV_ITEMS.filter((i) => allowed(i.roles, me.user.roles));
  // The deepest item that holds the current page is the active one (/patients/new is not also /patients).
  const activePath = items
    .filter((i) =>
      i.path === '/' ? location.pathname === '/' : location.pathname === i.path || location.pathname.startsWith(`${i.path}/`),
    )
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  const isActive = (path: string) => path === activePath;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <Anchor href="#main" className="skip-link">
        Skip to main content
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <UnstyledButton component={Link} to="/" aria-label="Hale home">
              <Text fw={800} fz="xl" c="teal.8">
                Hale
              </Text>
            </UnstyledButton>
          </Group>
          {allowed(PATIENT_READERS, me.user.roles) && <PatientQuickSearch />}
          <AccountMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          <Stack gap="md">
            {SECTIONS.map((section) => {
              const inSection = items.filter((i) => i.section === section);
              if (!inSection.length) return null;
              return (
                <nav key={section} aria-label={section}>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
                    {section}
                  </Text>
                  {inSection.map((item) => (
                    <NavLink
                      key={item.path}
                      component={Link}
                      to={item.path}
                      label={item.label}
                      active={isActive(item.path)}
                      aria-current={isActive(item.path) ? 'page' : undefined}
                      onClick={close}
                    />
                  ))}
                </nav>
              );
            })}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
      <IdleTimeout idleMinutes={me.idleTimeoutMinutes} />
    </AppShell>
  );
}
