/** Sign-in, the signed-in account, and the account's own security settings. */
import { api } from './http.ts';
import type { PublicUser } from '../../../src/access/user-row.ts';
import type { SessionInfo } from '../../../src/access/sessions.ts';

export type Role = 'admin' | 'doctor' | 'nurse' | 'receptionist' | 'billing' | 'pharmacist' | 'lab' | 'insurer' | 'patient' | 'auditor';

/** The account as the server shows it (no hashes, no secrets), with the roles this app knows. */
export type User = Omit<PublicUser, 'roles'> & { roles: Role[] };

/** full, or the one step the server demands first: password-change or mfa-setup. */
export type SessionScope = 'full' | 'password-change' | 'mfa-setup';

export interface Me {
  user: User;
  scope: SessionScope;
  sessionId: string;
  idleTimeoutMinutes: number;
}

export type { SessionInfo };

export const fetchMe = (signal?: AbortSignal) => api<Me>('/api/v1/auth/me', { signal });

export const signIn = (username: string, password: string, totp?: string) =>
  api<{ scope: SessionScope; user: User }>('/api/v1/auth/login', {
    method: 'POST',
    body: { username, password, session: 'cookie', ...(totp ? { totp } : {}) },
    noRefresh: true,
  });

export const signOut = () => api<void>('/api/v1/auth/logout', { method: 'POST', noRefresh: true });

export const changePassword = (currentPassword: string, newPassword: string) =>
  api<{ scope: SessionScope }>('/api/v1/auth/password', { method: 'POST', body: { currentPassword, newPassword } });

export const startMfaSetup = () =>
  api<{ secret: string; otpauthUri: string; qrCode: string }>('/api/v1/auth/mfa/setup', { method: 'POST', body: {} });

export const confirmMfa = (code: string) =>
  api<{ backupCodes: string[]; scope: SessionScope }>('/api/v1/auth/mfa/confirm', { method: 'POST', body: { code } });

export const listSessions = () => api<{ sessions: SessionInfo[] }>('/api/v1/auth/sessions');

export const revokeSession = (id: string) => api<void>(`/api/v1/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
