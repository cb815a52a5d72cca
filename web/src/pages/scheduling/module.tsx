/**
 * The scheduling pages: their routes (lazy, so they load on demand) and navigation entries.
 * The app frame (app/routes.tsx, app/nav.ts) takes them from here. Role lists are written
 * out here (nav.ts imports this file): scheduling is written by admin, doctors, nurses and
 * reception and read by billing; availability is kept by admin and reception.
 */
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/nav.ts';
import type { Role } from '../../api/auth.ts';
import { RequireRole } from '../../app/RequireRole.tsx';

const SchedulePage = lazy(() => import('./SchedulePage.tsx'));
const TodayPage = lazy(() => import('./TodayPage.tsx'));
const AvailabilityPage = lazy(() => import('./AvailabilityPage.tsx'));

const READERS: readonly Role[] = ['admin', 'doctor', 'nurse', 'receptionist', 'billing'];
const AVAILABILITY: readonly Role[] = ['admin', 'receptionist'];

export const schedulingRoutes: RouteObject[] = [
  {
    path: 'schedule',
    element: (
      <RequireRole roles={READERS}>
        <SchedulePage />
      </RequireRole>
    ),
  },
  {
    path: 'schedule/today',
    element: (
      <RequireRole roles={READERS}>
        <TodayPage />
      </RequireRole>
    ),
  },
  {
    path: 'schedule/availability/:practitionerId?',
    element: (
      <RequireRole roles={AVAILABILITY}>
        <AvailabilityPage />
      </RequireRole>
    ),
  },
];

export const schedulingNav: readonly NavItem[] = [
  { path: '/schedule/today', label: "Today's appointments", roles: READERS, section: 'Work' },
  { path: '/schedule', label: 'Calendar', roles: READERS, section: 'Work' },
  { path: '/schedule/availability', label: 'Availability', roles: AVAILABILITY, section: 'Administration' },
];
