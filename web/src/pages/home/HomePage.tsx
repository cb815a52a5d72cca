/** Each role lands on its own home; a user with several roles gets the first in this order. */
import { lazy } from 'react';
import type { Role } from '../../api/auth.ts';
import { useMe } from '../../auth/session-context.tsx';

const HOMES: [Role, React.LazyExoticComponent<() => React.JSX.Element>][] = [
  ['doctor', lazy(() => import('./DoctorHome.tsx'))],
  ['nurse', lazy(() => import('./NurseHome.tsx'))],
  ['receptionist', lazy(() => import('./ReceptionHome.tsx'))],
  ['pharmacist', lazy(() => import('./DepartmentHome.tsx').then((m) => ({ default: m.PharmacyHome })))],
  ['lab', lazy(() => import('./DepartmentHome.tsx').then((m) => ({ default: m.LabHome })))],
  ['billing', lazy(() => import('./DepartmentHome.tsx').then((m) => ({ default: m.BillingHome })))],
  ['insurer', lazy(() => import('./DepartmentHome.tsx').then((m) => ({ default: m.InsurerHome })))],
  ['admin', lazy(() => import('./AdminHome.tsx'))],
  ['auditor', lazy(() => import('./AdminHome.tsx'))],
  ['patient', lazy(() => import('../portal/PortalHome.tsx'))],
];

export default function HomePage() {
  const me = useMe();
  const Home = HOMES.find(([role]) => me.user.roles.includes(role))?.[1] ?? HOMES[HOMES.length - 1][1];
  return <Home />;
}
