/**
 * Finding accounts in the list. The server returns every account (a hospital has hundreds,
 * not millions), so searching and paging happen here, instantly, as the admin types.
 */
import type { AdminUser } from './admin-api.ts';

export type UserStatusFilter = '' | 'active' | 'locked' | 'disabled' | 'temporary' | 'no-mfa';

export const STATUS_OPTIONS: { value: UserStatusFilter; label: string }[] = [
  { value: '', label: 'Any state' },
  { value: 'active', label: 'Active' },
  { value: 'locked', label: 'Locked' },
  { value: 'disabled', label: 'Disabled' },
  { value: 'temporary', label: 'Temporary password' },
  { value: 'no-mfa', label: 'Without two-factor sign-in' },
];

export interface UserFilter {
  text: string;
  role: string;
  status: UserStatusFilter;
}

function statusMatches(u: AdminUser, status: UserStatusFilter): boolean {
  switch (status) {
    case '':
      return true;
    case 'active':
      return !u.disabled && !u.locked;
    case 'locked':
      return u.locked;
    case 'disabled':
      return u.disabled;
    case 'temporary':
      return u.mustChangePassword;
    case 'no-mfa':
      return !u.mfaEnabled;
  }
}

/** Every word of the search must appear in the username, name, id or a link. */
export function filterUsers(users: readonly AdminUser[], filter: UserFilter): AdminUser[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return users.filter((u) => {
    if (filter.role && !u.roles.includes(filter.role as AdminUser['roles'][number])) return false;
    if (!statusMatches(u, filter.status)) return false;
    const haystack = [u.username, u.displayName, u.id, u.patientId, u.relatedPersonId, u.practitionerId, u.organizationId]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
