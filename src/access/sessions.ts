/**
 * Sign-in and sessions. Access tokens are 15-minute JWTs; each names a session row, which
 * is checked on every request (cached for a few seconds per instance) so logout, revocation,
 * idle time-out and the absolute lifetime take effect at once, not when the JWT expires.
 * Refresh tokens rotate on every use; presenting a used one again means it was stolen, and
 * the whole session (the token family) is revoked.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/types.ts';
import { HaleError } from '../errors.ts';
import type { ActingContext } from '../fhir/acting-context.ts';
import { findUser, findUserByName } from './accounts.ts';
import { hashBackupCode, openSecret, verifyTotp } from './mfa.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { auditRecordBy, type ClientInfo, type SecurityAudit } from './security-audit.ts';
import { TokenSigner, newOpaqueToken, sha256 } from './tokens.ts';
import { USER_COLUMNS, isLocked, publicUser, type PublicUser, type UserRow } from './user-row.ts';

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  sessionId: string;
  /** 'full', or the one step the user must take first: 'password-change' or 'mfa-setup'. */
  scope: string;
  user: PublicUser;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip?: string;
  userAgent?: string;
  current: boolean;
}

interface SessionRow {
  id: string;
  user_id: string;
  scope: string;
  created_at: Date | string;
  last_seen_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  ip: string | null;
  user_agent: string | null;
}

/** The state behind an access token, as checked on each request. */
export interface Authenticated {
  user: UserRow;
  sessionId: string;
  scope: string;
}

const SIGN_IN_FAILED = 'Sign-in failed: wrong username or password, or the account is temporarily locked.';
const CACHE_MS = 3000;
const TOUCH_EVERY_MS = 30_000;

export class SessionService {
  private readonly signer: TokenSigner;
  private readonly cache = new Map<string, { at: number; auth: Authenticated; lastSeen: number; expires: number }>();

  constructor(
    private readonly db: Queryable,
    private readonly config: Config,
    private readonly signingKey: string,
    private readonly audit: SecurityAudit,
  ) {
    this.signer = new TokenSigner(signingKey, config.accessTokenTtlS);
  }

  async login(input: { username: unknown; password: unknown; totp?: unknown }, client: ClientInfo): Promise<SignedIn> {
    const username = typeof input.username === 'string' ? input.username.trim() : '';
    const password = typeof input.password === 'string' ? input.password : '';
    const u = username ? await findUserByName(this.db, username) : undefined;
    const fail = async (reason: string, user?: UserRow): Promise<never> => {
      await this.audit([
        auditRecordBy(
          { userId: user?.id ?? `unknown:${username.slice(0, 64)}`, roles: user?.roles ?? [], ...client },
          'login-failed',
          'denied',
          {
            detail: { reason },
          },
        ),
      ]);
      throw new HaleError('unauthorized', SIGN_IN_FAILED);
    };
    if (!u) {
      await verifyPassword(await decoyHash(), password); // same time as a real check
      return fail('unknown user');
    }
    const passwordOk = await verifyPassword(u.password_hash, password);
    if (u.disabled) return fail('account disabled', u);
    if (isLocked(u)) return fail('account locked', u);
    if (!passwordOk) return this.recordFailure(u, 'wrong password', client, fail);
    if (u.mfa_enabled) {
      const code = typeof input.totp === 'string' ? input.totp.trim() : '';
      if (!code) {
        // The password was right; the client asks for the second factor and calls again.
        throw new HaleError(
          'unauthorized',
          'This account uses two-factor sign-in: send the code from the authenticator app (or a backup code) as totp',
          [{ field: 'totp', message: 'is required' }],
        );
      }
      if (!(await this.checkSecondFactor(u, code))) return this.recordFailure(u, 'wrong second factor', client, fail);
    }
    await this.db.query('UPDATE hale_user SET failed_logins = 0, locked_until = NULL WHERE id = $1', [u.id]);
    const scope = this.scopeFor(u);
    const signedIn = await this.openSession(u, scope, client);
    await this.audit([
      auditRecordBy({ userId: u.id, roles: u.roles, ...client }, 'login', 'success', { detail: { sessionId: signedIn.sessionId, scope } }),
    ]);
    return signedIn;
  }

  /** The first step a signed-in user must take, if any. */
  scopeFor(u: UserRow): string {
    if (u.must_change_password) return 'password-change';
    if (!u.mfa_enabled && u.roles.some((r) => this.config.mfaRequiredRoles.includes(r))) return 'mfa-setup';
    return 'full';
  }

  private async recordFailure(
    u: UserRow,
    reason: string,
    client: ClientInfo,
    fail: (reason: string, user?: UserRow) => Promise<never>,
  ): Promise<never> {
    const failures = u.failed_logins + 1;
    if (failures >= this.config.lockoutThreshold) {
      await this.db.query(`UPDATE hale_user SET failed_logins = 0, locked_until = now() + make_interval(mins => $2) WHERE id = $1`, [
        u.id,
        this.config.lockoutMinutes,
      ]);
      // The failed attempt that locked the account, recorded with where it came from.
      await this.audit([
        auditRecordBy({ userId: u.id, roles: u.roles, ...client }, 'account-locked', 'success', {
          detail: { after: failures, minutes: this.config.lockoutMinutes },
        }),
      ]);
    } else {
      await this.db.query('UPDATE hale_user SET failed_logins = $2 WHERE id = $1', [u.id, failures]);
    }
    return fail(reason, u);
  }

  private async checkSecondFactor(u: UserRow, code: string): Promise<boolean> {
    if (u.mfa_secret && (await verifyTotp(openSecret(u.mfa_secret, this.signingKey), code))) return true;
    const hash = hashBackupCode(code);
    if (!u.mfa_backup_codes.includes(hash)) return false;
    // A backup code works once.
    const r = await this.db.query(
      'UPDATE hale_user SET mfa_backup_codes = array_remove(mfa_backup_codes, $2) WHERE id = $1 AND $2 = ANY(mfa_backup_codes) RETURNING id',
      [u.id, hash],
    );
    return r.rows.length === 1;
  }

  private async openSession(u: UserRow, scope: string, client: ClientInfo): Promise<SignedIn> {
    const sessionId = randomUUID();
    const refreshToken = newOpaqueToken();
    await this.db.query(
      `INSERT INTO hale_session (id, user_id, refresh_hash, scope, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5), $6, $7)`,
      [
        sessionId,
        u.id,
        sha256(refreshToken),
        scope,
        this.config.sessionMaxHours,
        client.ip ?? null,
        client.userAgent?.slice(0, 512) ?? null,
      ],
    );
    const accessToken = await this.signer.sign({ sub: u.id, sid: sessionId, scope });
    return { accessToken, refreshToken, expiresIn: this.config.accessTokenTtlS, sessionId, scope, user: publicUser(u) };
  }

  async refresh(refreshToken: unknown, client: ClientInfo): Promise<SignedIn> {
    if (typeof refreshToken !== 'string' || refreshToken.length < 20) throw new HaleError('unauthorized', 'A refresh token is required');
    const hash = sha256(refreshToken);
    const reused = await this.revokeIfReused(hash, client);
    if (reused)
      throw new HaleError('unauthorized', 'This refresh token was already used; the session has been ended for safety. Sign in again.');
    return this.inTx(async (tx) => {
      const r = await tx.query<SessionRow & { refresh_hash: string }>(
        'SELECT id, user_id, scope, created_at, last_seen_at, expires_at, revoked_at, ip, user_agent, refresh_hash FROM hale_session WHERE refresh_hash = $1 OR $1 = ANY(used_hashes) FOR UPDATE',
        [hash],
      );
      const s = r.rows[0];
      if (!s) throw new HaleError('unauthorized', 'Unknown refresh token');
      const user = await findUser(tx, s.user_id);
      if (!user) throw new HaleError('unauthorized', 'Unknown refresh token');
      if (s.refresh_hash !== hash) throw new HaleError('unauthorized', 'This refresh token was already used; sign in again.');
      this.checkLive(s);
      if (user.disabled) throw new HaleError('unauthorized', 'The account is disabled');
      const next = newOpaqueToken();
      await tx.query(
        'UPDATE hale_session SET refresh_hash = $2, used_hashes = array_append(used_hashes, $3), last_seen_at = now() WHERE id = $1',
        [s.id, sha256(next), hash],
      );
      const accessToken = await this.signer.sign({ sub: user.id, sid: s.id, scope: s.scope });
      return {
        accessToken,
        refreshToken: next,
        expiresIn: this.config.accessTokenTtlS,
        sessionId: s.id,
        scope: s.scope,
        user: publicUser(user),
      };
    });
  }

  /**
   * An already-used refresh token means someone holds a copy: the whole family (the
   * session) ends. Committed on its own, before the caller's error answer.
   */
  private async revokeIfReused(hash: string, client: ClientInfo): Promise<boolean> {
    const r = await this.db.query<{ id: string; user_id: string }>(
      "UPDATE hale_session SET revoked_at = coalesce(revoked_at, now()), revoked_reason = coalesce(revoked_reason, 'refresh token reused') WHERE $1 = ANY(used_hashes) RETURNING id, user_id",
      [hash],
    );
    const s = r.rows[0];
    if (!s) return false;
    this.cache.delete(s.id);
    const user = await findUser(this.db, s.user_id);
    await this.audit([
      auditRecordBy({ userId: s.user_id, roles: user?.roles ?? [], ...client }, 'session-revoked', 'denied', {
        detail: { sessionId: s.id, reason: 'refresh token reused' },
      }),
    ]);
    return true;
  }

  /** Throws 401 when the session is revoked, past its lifetime, or idle too long (and closes it). */
  private checkLive(s: SessionRow): void {
    if (s.revoked_at) throw new HaleError('unauthorized', 'The session has ended; sign in again');
    if (new Date(s.expires_at).getTime() <= Date.now())
      throw new HaleError('unauthorized', 'The session reached its maximum lifetime; sign in again');
    if (Date.now() - new Date(s.last_seen_at).getTime() > this.config.idleTimeoutMin * 60_000) {
      // Best effort: the session is refused either way; a failed write leaves it to be refused again.
      void this.db
        .query("UPDATE hale_session SET revoked_at = now(), revoked_reason = 'idle time-out' WHERE id = $1 AND revoked_at IS NULL", [s.id])
        .catch(() => undefined);
      throw new HaleError('unauthorized', `The session was idle for more than ${this.config.idleTimeoutMin} minutes; sign in again`);
    }
  }

  /** Checks a bearer access token and its session; undefined when there is no usable session. */
  async authenticate(token: string): Promise<Authenticated> {
    const claims = await this.signer.verify(token);
    if (!claims) throw new HaleError('unauthorized', 'The access token is invalid or expired');
    const now = Date.now();
    const cached = this.cache.get(claims.sid);
    if (cached && now - cached.at < CACHE_MS) {
      if (now - cached.lastSeen > this.config.idleTimeoutMin * 60_000 || now >= cached.expires) this.cache.delete(claims.sid);
      else {
        this.touch(claims.sid, cached, now);
        return cached.auth;
      }
    }
    const r = await this.db.query<SessionRow & UserRow & { session_scope: string }>(
      `SELECT s.id AS session_id, s.scope AS session_scope, s.created_at AS session_created_at, s.last_seen_at, s.expires_at, s.revoked_at, ${USER_COLUMNS.split(
        ', ',
      )
        .map((c) => `u.${c}`)
        .join(', ')}
       FROM hale_session s JOIN hale_user u ON u.id = s.user_id WHERE s.id = $1 AND s.user_id = $2`,
      [claims.sid, claims.sub],
      { name: 'hale_session_check' },
    );
    const row = r.rows[0] as (SessionRow & UserRow & { session_scope: string; session_id: string }) | undefined;
    if (!row) throw new HaleError('unauthorized', 'The session has ended; sign in again');
    this.checkLive({ ...row, id: row.session_id, scope: row.session_scope });
    if (row.disabled) throw new HaleError('unauthorized', 'The account is disabled');
    const auth: Authenticated = { user: row, sessionId: row.session_id, scope: row.session_scope };
    const entry = { at: now, auth, lastSeen: new Date(row.last_seen_at).getTime(), expires: new Date(row.expires_at).getTime() };
    this.cache.set(claims.sid, entry);
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    this.touch(claims.sid, entry, now);
    return auth;
  }

  /** Activity moves the idle clock; written at most every 30 s per session. */
  private touch(sid: string, entry: { lastSeen: number }, now: number): void {
    if (now - entry.lastSeen < TOUCH_EVERY_MS) return;
    entry.lastSeen = now;
    void this.db
      .query('UPDATE hale_session SET last_seen_at = now() WHERE id = $1', [sid], { name: 'hale_session_touch' })
      .catch(() => undefined);
  }

  async logout(sessionId: string): Promise<void> {
    await this.db.query("UPDATE hale_session SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1 AND revoked_at IS NULL", [
      sessionId,
    ]);
    this.cache.delete(sessionId);
  }

  async listSessions(userId: string, currentSessionId?: string): Promise<SessionInfo[]> {
    const r = await this.db.query<SessionRow>(
      `SELECT id, user_id, scope, created_at, last_seen_at, expires_at, revoked_at, ip, user_agent FROM hale_session
       WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() AND last_seen_at > now() - make_interval(mins => $2) ORDER BY created_at DESC`,
      [userId, this.config.idleTimeoutMin],
    );
    return r.rows.map((s) => ({
      id: s.id,
      createdAt: new Date(s.created_at).toISOString(),
      lastSeenAt: new Date(s.last_seen_at).toISOString(),
      expiresAt: new Date(s.expires_at).toISOString(),
      ...(s.ip ? { ip: s.ip } : {}),
      ...(s.user_agent ? { userAgent: s.user_agent } : {}),
      current: s.id === currentSessionId,
    }));
  }

  async revokeSession(userId: string, sessionId: string): Promise<boolean> {
    const r = await this.db.query(
      "UPDATE hale_session SET revoked_at = now(), revoked_reason = 'revoked by the user' WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id",
      [sessionId, userId],
    );
    this.cache.delete(sessionId);
    return r.rows.length === 1;
  }

  /** After a required step (password change, MFA set-up), the session moves on; returns a new access token. */
  async advanceScope(sessionId: string, userId: string): Promise<{ accessToken: string; scope: string }> {
    const u = await findUser(this.db, userId);
    if (!u) throw new HaleError('unauthorized', 'Unknown user');
    const scope = this.scopeFor(u);
    await this.db.query('UPDATE hale_session SET scope = $2 WHERE id = $1', [sessionId, scope]);
    this.cache.delete(sessionId);
    return { accessToken: await this.signer.sign({ sub: u.id, sid: sessionId, scope }), scope };
  }

  forget(sessionId: string): void {
    this.cache.delete(sessionId);
  }

  private inTx<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}

/** The acting context of an authenticated request. */
export function actingContextOf(auth: Authenticated, client: ClientInfo & { requestId: string }): ActingContext {
  const u = auth.user;
  return Object.freeze({
    userId: u.id,
    roles: u.roles,
    ...(u.patient_id ? { patientId: u.patient_id } : {}),
    ...(u.practitioner_id ? { practitionerId: u.practitioner_id } : {}),
    ...(u.organization_id ? { organizationId: u.organization_id } : {}),
    ...(client.ip ? { ip: client.ip } : {}),
    ...(client.userAgent ? { userAgent: client.userAgent } : {}),
    requestId: client.requestId,
    system: false,
  });
}
