/**
 * The app's pages and their real URLs. Each module's pages load on demand (code-split),
 * so the sign-in route carries only the frame.
 */
import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from '../layout/AppLayout.tsx';
import { RequireRole } from './RequireRole.tsx';
import { AUDIT_READERS, PATIENT_READERS, PATIENT_WRITERS } from './nav.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { schedulingRoutes } from '../pages/scheduling/module.tsx';
import { notificationsRoutes } from '../pages/notifications/module.tsx';
import { portalRoutes } from '../pages/portal/module.tsx';

const HomePage = lazy(() => import('../pages/home/HomePage.tsx'));
const SessionsPage = lazy(() => import('../pages/account/SessionsPage.tsx'));
const SecurityPage = lazy(() => import('../pages/account/SecurityPage.tsx'));
const PortalHome = lazy(() => import('../pages/portal/PortalHome.tsx'));
const PatientSearchPage = lazy(() => import('../pages/patients/PatientSearchPage.tsx'));
const RegisterPatientPage = lazy(() => import('../pages/patients/RegisterPatientPage.tsx'));
const EditPatientPage = lazy(() => import('../pages/patients/EditPatientPage.tsx'));
const PatientChartPage = lazy(() => import('../pages/patients/PatientChartPage.tsx'));
const UsersPage = lazy(() => import('../pages/admin/UsersPage.tsx'));
const AuditLogPage = lazy(() => import('../pages/admin/AuditLogPage.tsx'));
const BreakGlassPage = lazy(() => import('../pages/admin/BreakGlassPage.tsx'));
const SensitiveElementsPage = lazy(() => import('../pages/admin/SensitiveElementsPage.tsx'));

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'account/sessions', element: <SessionsPage /> },
      { path: 'account/security', element: <SecurityPage /> },
      {
        path: 'portal',
        element: (
          <RequireRole roles={['patient']}>
            <PortalHome />
          </RequireRole>
        ),
      },
      {
        path: 'patients',
        element: (
          <RequireRole roles={PATIENT_READERS}>
            <PatientSearchPage />
          </RequireRole>
        ),
      },
      {
        path: 'patients/new',
        element: (
          <RequireRole roles={PATIENT_WRITERS}>
            <RegisterPatientPage />
          </RequireRole>
        ),
      },
      {
        path: 'patients/:patientId/edit',
        element: (
          <RequireRole roles={PATIENT_WRITERS}>
            <EditPatientPage />
          </RequireRole>
        ),
      },
      {
        // The chart's tabs are child paths (summary, history, documents, family), so each is a deep link.
        path: 'patients/:patientId/*',
        element: (
          <RequireRole roles={PATIENT_READERS}>
            <PatientChartPage />
          </RequireRole>
        ),
      },
      {
        path: 'admin/users/*',
        element: (
          <RequireRole roles={['admin']}>
            <UsersPage />
          </RequireRole>
        ),
      },
      {
        path: 'admin/audit',
        element: (
          <RequireRole roles={AUDIT_READERS}>
            <AuditLogPage />
          </RequireRole>
        ),
      },
      {
        path: 'admin/break-glass',
        element: (
          <RequireRole roles={AUDIT_READERS}>
            <BreakGlassPage />
          </RequireRole>
        ),
      },
      {
        path: 'admin/sensitive-elements',
        element: (
          <RequireRole roles={['admin']}>
            <SensitiveElementsPage />
          </RequireRole>
        ),
      },
      ...schedulingRoutes,
      ...notificationsRoutes,
      ...portalRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
