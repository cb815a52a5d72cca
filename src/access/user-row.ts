/** An account as stored, and the public view of it (no hashes, no secrets). */
export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  patient_id: string | null;
  related_person_id: string | null;
  practitioner_id: string | null;
  organization_id: string | null;
  password_hash: string;
  must_change_password: boolean;
  failed_logins: number;
  locked_until: Date | string | null;
  mfa_secret: string | null;
  mfa_enabled: boolean;
  mfa_backup_codes: string[];
  disabled: boolean;
  created_at: Date | string;
}

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  patientId?: string;
  relatedPersonId?: string;
  practitionerId?: string;
  organizationId?: string;
  mustChangePassword: boolean;
  mfaEnabled: boolean;
  locked: boolean;
  disabled: boolean;
  createdAt: string;
}

export const USER_COLUMNS =
  'id, username, display_name, roles, patient_id, related_person_id, practitioner_id, organization_id, password_hash, must_change_password, failed_logins, locked_until, mfa_secret, mfa_enabled, mfa_backup_codes, disabled, created_at';

export function isLocked(u: UserRow, now = Date.now()): boolean {
  return u.locked_until !== null && new Date(u.locked_until).getTime() > now;
}

export function publicUser(u: UserRow): PublicUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    roles: u.roles,
    ...(u.patient_id ? { patientId: u.patient_id } : {}),
    ...(u.related_person_id ? { relatedPersonId: u.related_person_id } : {}),
    ...(u.practitioner_id ? { practitionerId: u.practitioner_id } : {}),
    ...(u.organization_id ? { organizationId: u.organization_id } : {}),
    mustChangePassword: u.must_change_password,
    mfaEnabled: u.mfa_enabled,
    locked: isLocked(u),
    disabled: u.disabled,
    createdAt: new Date(u.created_at).toISOString(),
  };
}
