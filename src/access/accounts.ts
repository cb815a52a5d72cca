/**
 * Accounts: created and managed by administrators, each with one or more roles and the
 * links that scope what it sees (its Patient, Practitioner, Organization). Passwords are
 * argon2id; a temporary password (admin-created or reset) must be changed at first use.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import { HaleError, badRequest, conflict, notFound, type ErrorDetail } from '../errors.ts';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.ts';
import { isRole, ROLES } from './roles.ts';
import { USER_COLUMNS, publicUser, type PublicUser, type UserRow } from './user-row.ts';

export interface NewUser {
  username: string;
  displayName?: string;
  roles: string[];
  password?: string;
  patientId?: string;
  relatedPersonId?: string;
  practitionerId?: string;
  organizationId?: string;
}

export interface UserChanges {
  displayName?: string;
  roles?: string[];
  patientId?: string | null;
  relatedPersonId?: string | null;
  practitionerId?: string | null;
  organizationId?: string | null;
  disabled?: boolean;
}

const USERNAME = /^[a-zA-Z0-9][a-zA-Z0-9._@-]{2,63}$/;
const LINK_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A readable one-time password: 4 groups of 4 from an unambiguous alphabet (~80 bits). */
export function temporaryPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  const chars = [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

async function resourceExists(db: Queryable, type: string, id: string): Promise<boolean> {
  const r = await db.query('SELECT 1 FROM resource WHERE resource_type = $1 AND id = $2 AND NOT deleted', [type, id]);
  return r.rows.length > 0;
}

async function checkLinks(
  db: Queryable,
  roles: string[],
  links: Partial<Record<'patientId' | 'relatedPersonId' | 'practitionerId' | 'organizationId', string | null>>,
): Promise<void> {
  const details: ErrorDetail[] = [];
  const types = {
    patientId: 'Patient',
    relatedPersonId: 'RelatedPerson',
    practitionerId: 'Practitioner',
    organizationId: 'Organization',
  } as const;
  for (const [field, type] of Object.entries(types) as [keyof typeof types, string][]) {
    const id = links[field];
    if (id === undefined || id === null) continue;
    if (!LINK_ID.test(id)) details.push({ field, message: 'is not a valid resource id' });
    else if (!(await resourceExists(db, type, id))) details.push({ field, message: `${type}/${id} does not exist` });
  }
  if (roles.includes('patient') && !links.patientId)
    details.push({ field: 'patientId', message: 'a patient account must be linked to its Patient' });
  if (roles.includes('insurer') && !links.organizationId)
    details.push({ field: 'organizationId', message: 'an insurer account must be linked to its Organization' });
  if (details.length) throw new HaleError('invalid-resource', 'The account links are invalid', details);
}

function checkRoles(roles: unknown): string[] {
  if (!Array.isArray(roles) || roles.length === 0)
    throw badRequest('roles must list at least one role', [{ field: 'roles', message: 'is required' }]);
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length)
    throw badRequest(`Unknown role(s): ${bad.join(', ')}`, [
      { field: 'roles', message: `unknown: ${bad.join(', ')}; expected ${ROLES.join(', ')}` },
    ]);
  if (roles.includes('patient') && roles.length > 1)
    throw badRequest('A patient account holds no other role', [{ field: 'roles', message: 'patient cannot be combined' }]);
  return [...new Set(roles as string[])];
}

export async function findUserByName(db: Queryable, username: string): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM hale_user WHERE lower(username) = lower($1)`, [username]);
  return r.rows[0];
}

export async function findUser(db: Queryable, id: string): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM hale_user WHERE id = $1`, [id]);
  return r.rows[0];
}

/** The username and display name of each of these accounts still there: for answers that say who did something. */
export async function accountNames(db: Queryable, ids: readonly string[]): Promise<Map<string, { username: string; displayName: string }>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const r = await db.query<{ id: string; username: string; display_name: string }>(
    'SELECT id, username, display_name FROM hale_user WHERE id = ANY($1::text[])',
    [unique],
  );
  return new Map(r.rows.map((u) => [u.id, { username: u.username, displayName: u.display_name }]));
}

export async function getUser(db: Queryable, id: string): Promise<PublicUser> {
  const u = await findUser(db, id);
  if (!u) throw notFound(`No user ${id}`);
  return publicUser(u);
}

export async function listUsers(db: Queryable): Promise<PublicUser[]> {
  const r = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM hale_user ORDER BY lower(username)`);
  return r.rows.map(publicUser);
}

export async function countUsers(db: Queryable): Promise<number> {
  const r = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM hale_user');
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Creates an account. Without a password a temporary one is generated and returned once;
 * either way a password set by someone else must be changed at first sign-in, unless
 * `mustChange` is false (the operator's own bootstrap password).
 */
export async function createUser(
  db: Queryable,
  input: NewUser,
  mustChange = true,
): Promise<{ user: PublicUser; temporaryPassword?: string }> {
  if (typeof input.username !== 'string' || !USERNAME.test(input.username)) {
    throw badRequest('Invalid username', [
      { field: 'username', message: '3-64 characters: letters, digits, . _ @ -, starting with a letter or digit' },
    ]);
  }
  const roles = checkRoles(input.roles);
  const generated = input.password === undefined ? temporaryPassword() : undefined;
  const password = input.password ?? generated!;
  if (input.password !== undefined) {
    const problems = passwordProblems(password, input.username);
    if (problems.length)
      throw badRequest(
        `The password ${problems.join('; ')}`,
        problems.map((m) => ({ field: 'password', message: m })),
      );
  }
  await checkLinks(db, roles, input);
  if (await findUserByName(db, input.username))
    throw conflict(`The username ${input.username} is taken`, [{ field: 'username', message: 'is taken' }]);
  const id = randomUUID();
  await db.query(
    `INSERT INTO hale_user (id, username, display_name, roles, patient_id, related_person_id, practitioner_id, organization_id, password_hash, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      id,
      input.username,
      input.displayName?.trim() || input.username,
      roles,
      input.patientId ?? null,
      input.relatedPersonId ?? null,
      input.practitionerId ?? null,
      input.organizationId ?? null,
      await hashPassword(password),
      mustChange,
    ],
  );
  return { user: await getUser(db, id), ...(generated ? { temporaryPassword: generated } : {}) };
}

export async function updateUser(db: Queryable, id: string, changes: UserChanges): Promise<PublicUser> {
  const current = await findUser(db, id);
  if (!current) throw notFound(`No user ${id}`);
  const roles = changes.roles !== undefined ? checkRoles(changes.roles) : current.roles;
  const links = {
    patientId: changes.patientId !== undefined ? changes.patientId : current.patient_id,
    relatedPersonId: changes.relatedPersonId !== undefined ? changes.relatedPersonId : current.related_person_id,
    practitionerId: changes.practitionerId !== undefined ? changes.practitionerId : current.practitioner_id,
    organizationId: changes.organizationId !== undefined ? changes.organizationId : current.organization_id,
  };
  await checkLinks(db, roles, links);
  await db.query(
    `UPDATE hale_user SET display_name = $2, roles = $3, patient_id = $4, related_person_id = $5, practitioner_id = $6, organization_id = $7,
       disabled = $8, updated_at = now() WHERE id = $1`,
    [
      id,
      changes.displayName?.trim() || current.display_name,
      roles,
      links.patientId,
      links.relatedPersonId,
      links.practitionerId,
      links.organizationId,
      changes.disabled ?? current.disabled,
    ],
  );
  // A disabled account, or one whose roles changed, starts over: its sessions end.
  if (changes.disabled || changes.roles !== undefined)
    await revokeAllSessions(db, id, changes.disabled ? 'account disabled' : 'roles changed');
  return getUser(db, id);
}

/**
 * A recorded death ends portal access to the record: the patient's own account and every
 * proxy's (a parent, a guardian) are disabled and signed out. Staff accounts are not linked
 * to patients and are untouched. Returns the accounts closed, for the answer and the audit trail.
 */
export async function disablePatientAccounts(db: Queryable, patientId: string): Promise<{ id: string; username: string }[]> {
  const closed = await db.query<{ id: string; username: string }>(
    "UPDATE hale_user SET disabled = true, updated_at = now() WHERE patient_id = $1 AND 'patient' = ANY(roles) AND NOT disabled RETURNING id, username",
    [patientId],
  );
  for (const u of closed.rows) await revokeAllSessions(db, u.id, 'patient deceased');
  return closed.rows;
}

export async function revokeAllSessions(db: Queryable, userId: string, reason: string, exceptSessionId?: string): Promise<void> {
  await db.query(
    'UPDATE hale_session SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $3',
    [userId, reason, exceptSessionId ?? null],
  );
}

/** Admin reset: a new temporary password, to be changed at next sign-in; every session ends; the lock is lifted. */
export async function resetPassword(db: Queryable, id: string): Promise<string> {
  if (!(await findUser(db, id))) throw notFound(`No user ${id}`);
  const temp = temporaryPassword();
  await db.query(
    'UPDATE hale_user SET password_hash = $2, must_change_password = true, failed_logins = 0, locked_until = NULL, password_changed_at = now(), updated_at = now() WHERE id = $1',
    [id, await hashPassword(temp)],
  );
  await revokeAllSessions(db, id, 'password reset by an administrator');
  return temp;
}

export async function unlockUser(db: Queryable, id: string): Promise<PublicUser> {
  await db.query('UPDATE hale_user SET failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1', [id]);
  return getUser(db, id);
}

export async function resetMfa(db: Queryable, id: string): Promise<PublicUser> {
  await db.query("UPDATE hale_user SET mfa_secret = NULL, mfa_enabled = false, mfa_backup_codes = '{}', updated_at = now() WHERE id = $1", [
    id,
  ]);
  await revokeAllSessions(db, id, 'MFA reset by an administrator');
  return getUser(db, id);
}

/** The user's own change: the current password proves it is them; other sessions end. */
export async function changePassword(db: Queryable, id: string, current: string, next: string, keepSessionId?: string): Promise<void> {
  const u = await findUser(db, id);
  if (!u) throw notFound(`No user ${id}`);
  if (!(await verifyPassword(u.password_hash, current))) {
    throw new HaleError('forbidden', 'The current password is wrong', [{ field: 'currentPassword', message: 'is wrong' }]);
  }
  const problems = passwordProblems(next, u.username);
  if (next === current) problems.push('must differ from the current password');
  if (problems.length)
    throw badRequest(
      `The new password ${problems.join('; ')}`,
      problems.map((m) => ({ field: 'newPassword', message: m })),
    );
  await db.query(
    'UPDATE hale_user SET password_hash = $2, must_change_password = false, password_changed_at = now(), updated_at = now() WHERE id = $1',
    [id, await hashPassword(next)],
  );
  await revokeAllSessions(db, id, 'password changed', keepSessionId);
}
