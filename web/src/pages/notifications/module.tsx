/**
 * The notifications pages: their routes (lazy, so they load on demand) and navigation entries.
 * The app frame (app/routes.tsx, app/nav.ts) takes them from here. Both pages are for
 * administrators (role list written out here: nav.ts imports this file). A patient's
 * preferences are a form (NotificationPreferencesForm) that the chart and the portal embed.
 */
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/nav.ts';
import { RequireRole } from '../../app/RequireRole.tsx';

const OutboxPage = lazy(() => import('./OutboxPage.tsx'));
const TemplatesPage = lazy(() => import('./TemplatesPage.tsx'));

const forAdmins = (page: React.ReactNode) => <RequireRole roles={['admin']}>{page}</RequireRole>;

export const notificationsRoutes: RouteObject[] = [
  { path: 'admin/notifications/outbox', element: forAdmins(<OutboxPage />) },
  { path: 'admin/notifications/templates', element: forAdmins(<TemplatesPage />) },
];

export const notificationsNav: readonly NavItem[] = [
  { path: '/admin/notifications/outbox', label: 'Message outbox', roles: ['admin'], section: 'Administration' },
  { path: '/admin/notifications/templates', label: 'Message templates', roles: ['admin'], section: 'Administration' },
];
