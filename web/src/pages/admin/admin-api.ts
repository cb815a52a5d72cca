/**
 * The administration screens' calls: accounts (/api/v1/admin/users), the audit trail
 * (/api/v1/audit/events) and the break-glass review queue (/api/v1/admin/break-glass).
 * Types mirror the server's answers (src/access/user-row.ts, src/audit/audit-chain.ts,
 * src/access/break-glass.ts); the server stays the authority on every rule.
 */
import type { Role, User } from '../../api/auth.ts';
import { api } from '../../api/http.ts';
import type { ChainRow } from '../../../../src/audit/audit-chain.ts';
import type { BreakGlassGrant as StoredBreakGlassGrant, PatientNoticeState } from '../../../../src/access/break-glass.ts';

/** An account as GET /api/v1/admin/users shows it: no hashes, no secrets. */
export type AdminUser = User;

export type LinkField = 'patientId' | 'relatedPersonId' | 'practitionerId' | 'organizationId';

export interface NewUser {
  username: string;
  displayName?: string;
  roles: Role[];
  patientId?: string;
  relatedPersonId?: string;
  practitionerId?: string;
  organizationId?: string;
}

/** A PATCH: only what changed; a link set to null is removed. */
export type UserChanges = Partial<{ displayName: string; roles: Role[]; disabled: boolean } & Record<LinkField, string | null>>;

const userPath = (id: string) => `/api/v1/admin/users/${encodeURIComponent(id)}`;

export const listUsers = async (signal?: AbortSignal) => (await api<{ users: AdminUser[] }>('/api/v1/admin/users', { signal })).users;
export const getUser = (id: string, signal?: AbortSignal) => api<AdminUser>(userPath(id), { signal });
/** No password is sent: the server makes a temporary one and returns it this once. */
export const createUser = (input: NewUser) =>
  api<{ user: AdminUser; temporaryPassword?: string }>('/api/v1/admin/users', { method: 'POST', body: input });
export const updateUser = (id: string, changes: UserChanges) => api<AdminUser>(userPath(id), { method: 'PATCH', body: changes });
export const resetPassword = (id: string) =>
  api<{ temporaryPassword: string }>(`${userPath(id)}/reset-password`, { method: 'POST', body: {} });
export const resetMfa = (id: string) => api<AdminUser>(`${userPath(id)}/reset-mfa`, { method: 'POST', body: {} });
export const unlockUser = (id: string) => api<AdminUser>(`${userPath(id)}/unlock`, { method: 'POST', body: {} });

/** One row of the audit trail as /api/v1/audit/events returns it (snake_case, as stored; the time as ISO text). */
export type AuditEventRow = Omit<ChainRow, 'recorded_at'> & { recorded_at: string };

export interface AuditPage {
  total: number;
  offset: number;
  events: AuditEventRow[];
}

/** `query` holds the server's search parameters (see audit-filters.ts), paging included. */
export const searchAuditEvents = (query: URLSearchParams, signal?: AbortSignal) =>
  api<AuditPage>(`/api/v1/audit/events?${query.toString()}`, { signal });

/** The export is a plain link: the session cookie goes with it and the browser saves the file. */
export const auditCsvHref = (query: URLSearchParams) => {
  const q = query.toString();
  return `/api/v1/audit/events.csv${q ? `?${q}` : ''}`;
};

/** Who an account is, for people reading ids in the queue. */
export interface AccountName {
  username: string;
  displayName: string;
}

export type { PatientNoticeState };

/** A grant as the queue lists it: the stored grant (src/access/break-glass.ts) with names and the patient's notice. */
export interface BreakGlassGrant extends StoredBreakGlassGrant {
  /** The requester's and reviewer's names, when the server knows the accounts. */
  user?: AccountName;
  reviewer?: AccountName;
  /** Whether and how the patient was told (the server's PatientNoticeState). */
  patientNotice?: PatientNoticeState;
}

export type GrantStatus = 'pending' | 'all';

export const listBreakGlass = async (status: GrantStatus, signal?: AbortSignal) =>
  (await api<{ grants: BreakGlassGrant[] }>(`/api/v1/admin/break-glass${status === 'all' ? '?status=all' : ''}`, { signal })).grants;

export const reviewBreakGlass = (id: string, note: string) =>
  api<BreakGlassGrant>(`/api/v1/admin/break-glass/${encodeURIComponent(id)}/review`, { method: 'POST', body: { note } });
