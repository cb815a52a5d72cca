/**
 * What each role sees in the navigation. It mirrors the server's role table so nobody
 * is shown a page that would only answer 403; the server still decides every request.
 */
import type { Role } from '../api/auth.ts';
import { schedulingNav } from '../pages/scheduling/module.tsx';
import { notificationsNav } from '../pages/notifications/module.tsx';
import { portalNav } from '../pages/portal/module.tsx';

export interface NavItem {
  path: string;
  label: string;
  roles: readonly Role[] | 'all';
  /** Group heading in the side bar. */
  section: 'Work' | 'Administration' | 'Account';
}

export const PATIENT_READERS: readonly Role[] = ['admin', 'doctor', 'nurse', 'receptionist', 'billing', 'pharmacist', 'lab'];
export const PATIENT_WRITERS: readonly Role[] = ['admin', 'doctor', 'nurse', 'receptionist'];
export const AUDIT_READERS: readonly Role[] = ['admin', 'auditor'];

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'Home', roles: 'all', section: 'Work' },
  { path: '/patients', label: 'Find a patient', roles: PATIENT_READERS, section: 'Work' },
  { path: '/patients/new', label: 'Register a patient', roles: PATIENT_WRITERS, section: 'Work' },
  ...portalNav,
  ...schedulingNav,
  { path: '/admin/users', label: 'Users and roles', roles: ['admin'], section: 'Administration' },
  { path: '/admin/audit', label: 'Audit log', roles: AUDIT_READERS, section: 'Administration' },
  { path: '/admin/break-glass', label: 'Break-glass review', roles: AUDIT_READERS, section: 'Administration' },
  { path: '/admin/sensitive-elements', label: 'Sensitive elements', roles: ['admin'], section: 'Administration' },
  ...notificationsNav,
  { path: '/account/sessions', label: 'My sessions', roles: 'all', section: 'Account' },
  { path: '/account/security', label: 'Password and sign-in', roles: 'all', section: 'Account' },
];

export function allowed(roles: readonly Role[] | 'all', userRoles: readonly Role[]): boolean {
  return roles === 'all' || userRoles.some((r) => roles.includes(r));
}
