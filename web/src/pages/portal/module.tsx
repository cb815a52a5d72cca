/**
 * The portal pages: their routes (lazy, so they load on demand) and navigation entries.
 * The app frame (app/routes.tsx, app/nav.ts) takes them from here. The portal's home stays
 * at /portal (app/routes.tsx); booking lives under /portal/appointments. Role lists are
 * written here literally: nav.ts imports this file.
 */
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/nav.ts';
import { RequireRole } from '../../app/RequireRole.tsx';

const MyAppointmentsPage = lazy(() => import('./MyAppointmentsPage.tsx'));
const BookAppointmentPage = lazy(() => import('./BookAppointmentPage.tsx'));
const RescheduleAppointmentPage = lazy(() => import('./RescheduleAppointmentPage.tsx'));
const MessagePreferencesPage = lazy(() => import('./MessagePreferencesPage.tsx'));
const RecordAccessPage = lazy(() => import('./RecordAccessPage.tsx'));

const forPatients = (page: React.ReactNode) => <RequireRole roles={['patient']}>{page}</RequireRole>;

export const portalRoutes: RouteObject[] = [
  { path: 'portal/appointments', element: forPatients(<MyAppointmentsPage />) },
  { path: 'portal/appointments/book', element: forPatients(<BookAppointmentPage />) },
  { path: 'portal/appointments/:appointmentId/reschedule', element: forPatients(<RescheduleAppointmentPage />) },
  { path: 'portal/messages', element: forPatients(<MessagePreferencesPage />) },
  { path: 'portal/access', element: forPatients(<RecordAccessPage />) },
];

export const portalNav: readonly NavItem[] = [
  { path: '/portal/appointments', label: 'My appointments', roles: ['patient'], section: 'Work' },
  { path: '/portal/appointments/book', label: 'Book an appointment', roles: ['patient'], section: 'Work' },
  { path: '/portal/messages', label: 'Reminders and messages', roles: ['patient'], section: 'Account' },
  { path: '/portal/access', label: 'Who viewed my record', roles: ['patient'], section: 'Account' },
];
