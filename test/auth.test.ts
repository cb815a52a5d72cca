/**
 * Sign-in as a user meets it: the first administrator's one-time password, forced change,
 * password policy, lockout without revealing accounts, refresh-token rotation and reuse
 * detection, idle time-out, MFA with backup codes, sessions, and browser cookies with CSRF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { call, login } from './support/api-client.ts';

const PASSWORD = 'a long and unusual passphrase 7';

/** An administrator creates the account with a temporary password; the user signs in and sets their own. */
async function makeUser(s: TestServer, username: string, roles: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const r = await call(s.url, 'POST', '/api/v1/admin/users', s.adminToken, { username, roles, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const temp = r.body.temporaryPassword as string;
  const first = await login(s.url, username, temp);
  expect(first.body.scope).toBe('password-change');
  const changed = await call(s.url, 'POST', '/api/v1/auth/password', first.body.accessToken, {
    currentPassword: temp,
    newPassword: PASSWORD,
  });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  expect((await call(s.url, 'POST', '/api/v1/auth/logout', changed.body.accessToken)).status).toBe(204);
  return r.body.user.id as string;
}

describe('first start and passwords', () => {
  let s: TestServer;
  const printed: string[] = [];
  beforeAll(async () => {
    s = await startTestServer({ HALE_ADMIN_PASSWORD: '', HALE_MFA_REQUIRED_ROLES: '' }, { printSecret: (t) => printed.push(t) });
  });
  afterAll(() => s.stop());

  it('prints a one-time admin password once, which must be changed before anything else', async () => {
    expect(printed).toHaveLength(1);
    const temp = /one-time password: (\S+)/.exec(printed[0]!)?.[1];
    expect(temp).toBeTruthy();
    const first = await login(s.url, 'admin', temp!);
    expect(first.status).toBe(200);
    expect(first.body.scope).toBe('password-change');
    const token = first.body.accessToken as string;
    const blocked = await call(s.url, 'GET', '/fhir/R4/Patient', token);
    expect(blocked.status).toBe(403);
    expect(blocked.body.issue[0].diagnostics).toMatch(/change your password/);

    const weak = await call(s.url, 'POST', '/api/v1/auth/password', token, { currentPassword: temp, newPassword: 'password1234' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details).toContainEqual({ field: 'newPassword', message: 'is a commonly used password' });
    const short = await call(s.url, 'POST', '/api/v1/auth/password', token, { currentPassword: temp, newPassword: 'x7!' });
    expect(short.body.error.details[0].message).toMatch(/at least 12/);

    const changed = await call(s.url, 'POST', '/api/v1/auth/password', token, { currentPassword: temp, newPassword: PASSWORD });
    expect(changed.status).toBe(200);
    expect(changed.body.scope).toBe('full');
    expect((await call(s.url, 'GET', '/fhir/R4/Patient', changed.body.accessToken)).status).toBe(200);
    // The one-time password is spent.
    expect((await login(s.url, 'admin', temp!)).status).toBe(401);
  });
});

describe('accounts, lockout, sessions', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ HALE_LOCKOUT_THRESHOLD: '5', HALE_LOCKOUT_MINUTES: '15' });
  });
  afterAll(() => s.stop());

  it('refuses accounts with bad fields, naming each field', async () => {
    const r = await call(s.url, 'POST', '/api/v1/admin/users', s.adminToken, { username: 'x', roles: ['surgeon'] });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain('body.roles.0');
    const p = await call(s.url, 'POST', '/api/v1/admin/users', s.adminToken, { username: 'pat1', roles: ['patient'] });
    expect(p.status).toBe(422);
    expect(p.body.error.details).toContainEqual({ field: 'patientId', message: 'a patient account must be linked to its Patient' });
    const dup = await call(s.url, 'POST', '/api/v1/admin/users', s.adminToken, { username: 'ADMIN', roles: ['nurse'] });
    expect(dup.status).toBe(409);
  });

  it('only administrators manage accounts', async () => {
    await makeUser(s, 'nurse-only', ['nurse']);
    const nurse = (await login(s.url, 'nurse-only', PASSWORD)).body.accessToken;
    expect((await call(s.url, 'GET', '/api/v1/admin/users', nurse)).status).toBe(403);
    expect((await call(s.url, 'GET', '/api/v1/admin/users', undefined)).status).toBe(401);
  });

  it("records an administrator's account change and an audit search with the address and user agent they came from", async () => {
    const agent = { 'user-agent': 'ward-3 workstation (test)' };
    const created = await call(s.url, 'POST', '/api/v1/admin/users', s.adminToken, { username: 'traced', roles: ['nurse'] }, agent);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const searched = await call(s.url, 'GET', '/fhir/R4/AuditEvent?action=account', s.adminToken, undefined, agent);
    expect(searched.status).toBe(200);
    for (const [res, action] of [
      [created, 'account'],
      [searched, 'search'],
    ] as const) {
      const requestId = res.headers.get('x-request-id');
      const rows = await s.hale.db.query<{ ip: string | null; user_agent: string | null; user_id: string }>(
        'SELECT ip, user_agent, user_id FROM audit_event WHERE request_id = $1 AND action = $2',
        [requestId, action],
      );
      expect(rows.rows, `${action} record of request ${requestId}`).toHaveLength(1);
      expect(rows.rows[0]).toMatchObject({ ip: expect.stringMatching(/127\.0\.0\.1/), user_agent: 'ward-3 workstation (test)' });
    }
  });

  it('locks an account after 5 failures, answering exactly as for an unknown user', async () => {
    const id = await makeUser(s, 'locky', ['receptionist']);
    const unknown = await login(s.url, 'nobody-here', PASSWORD);
    const agent = { 'user-agent': 'front-desk kiosk (test)' };
    let fifth: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 5; i++) {
      fifth = await call(
        s.url,
        'POST',
        '/api/v1/auth/login',
        undefined,
        { username: 'locky', password: `wrong password number ${i}` },
        agent,
      );
      expect(fifth.status).toBe(401);
    }
    // The lock is recorded against the account, with the address and user agent of the attempt that caused it.
    const lockRecords = await s.hale.db.query<{ ip: string | null; user_agent: string | null; user_id: string }>(
      'SELECT ip, user_agent, user_id FROM audit_event WHERE request_id = $1 AND action = $2',
      [fifth!.headers.get('x-request-id'), 'account-locked'],
    );
    expect(lockRecords.rows).toEqual([{ ip: expect.stringMatching(/127\.0\.0\.1/), user_agent: 'front-desk kiosk (test)', user_id: id }]);
    const locked = await login(s.url, 'locky', PASSWORD);
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual({ error: { ...unknown.body.error, requestId: locked.body.error.requestId } });
    const unlocked = await call(s.url, 'POST', `/api/v1/admin/users/${id}/unlock`, s.adminToken);
    expect(unlocked.body.locked).toBe(false);
    expect((await login(s.url, 'locky', PASSWORD)).status).toBe(200);
  });

  it('rotates refresh tokens; reusing an old one ends the whole session', async () => {
    await makeUser(s, 'rotor', ['doctor']);
    const first = (await login(s.url, 'rotor', PASSWORD)).body;
    const second = await call(s.url, 'POST', '/api/v1/auth/refresh', undefined, { refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await call(s.url, 'GET', '/api/v1/auth/me', second.body.accessToken)).status).toBe(200);
    // The first token again: a thief (or the owner) replays it; the family is revoked.
    const replay = await call(s.url, 'POST', '/api/v1/auth/refresh', undefined, { refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/already used/);
    expect((await call(s.url, 'POST', '/api/v1/auth/refresh', undefined, { refreshToken: second.body.refreshToken })).status).toBe(401);
    expect((await call(s.url, 'GET', '/api/v1/auth/me', second.body.accessToken)).status).toBe(401);
  });

  it('closes a session idle for longer than the time-out', async () => {
    await makeUser(s, 'idler', ['nurse']);
    const signedIn = (await login(s.url, 'idler', PASSWORD)).body;
    await s.hale.db.query("UPDATE hale_session SET last_seen_at = now() - interval '16 minutes' WHERE id = $1", [signedIn.sessionId]);
    const r = await call(s.url, 'GET', '/api/v1/auth/me', signedIn.accessToken);
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/idle/);
    expect((await call(s.url, 'POST', '/api/v1/auth/refresh', undefined, { refreshToken: signedIn.refreshToken })).status).toBe(401);
  });

  it('lists own sessions, revokes one, and logs out', async () => {
    await makeUser(s, 'multi', ['billing']);
    const a = (await login(s.url, 'multi', PASSWORD)).body;
    const b = (await login(s.url, 'multi', PASSWORD)).body;
    const list = await call(s.url, 'GET', '/api/v1/auth/sessions', a.accessToken);
    expect(list.body.sessions).toHaveLength(2);
    expect(list.body.sessions.find((x: { current: boolean }) => x.current).id).toBeTruthy();
    const other = list.body.sessions.find((x: { current: boolean }) => !x.current).id;
    expect((await call(s.url, 'DELETE', `/api/v1/auth/sessions/${other}`, a.accessToken)).status).toBe(204);
    expect((await call(s.url, 'GET', '/api/v1/auth/me', b.accessToken)).status).toBe(401);
    expect((await call(s.url, 'POST', '/api/v1/auth/logout', a.accessToken)).status).toBe(204);
    expect((await call(s.url, 'GET', '/api/v1/auth/me', a.accessToken)).status).toBe(401);
  });

  it('browser sessions use httpOnly cookies and need the CSRF header to write', async () => {
    await makeUser(s, 'browser', ['receptionist']);
    const r = await call(s.url, 'POST', '/api/v1/auth/login', undefined, { username: 'browser', password: PASSWORD, session: 'cookie' });
    expect(r.status).toBe(200);
    expect(r.body.accessToken).toBeUndefined();
    const cookies = r.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('hale_access='))).toMatch(/HttpOnly/);
    expect(cookies.find((c) => c.startsWith('hale_access='))).toMatch(/SameSite=Strict/);
    const jar = cookies.map((c) => c.split(';')[0]).join('; ');
    const csrf = /hale_csrf=([^;]+)/.exec(jar)![1]!;
    expect((await call(s.url, 'GET', '/fhir/R4/Patient', undefined, undefined, { cookie: jar })).status).toBe(200);
    const patient = { resourceType: 'Patient', name: [{ family: 'Cookie' }] };
    expect((await call(s.url, 'POST', '/fhir/R4/Patient', undefined, patient, { cookie: jar })).status).toBe(403);
    expect((await call(s.url, 'POST', '/fhir/R4/Patient', undefined, patient, { cookie: jar, 'x-csrf-token': csrf })).status).toBe(201);
  });
});

describe('two-factor sign-in', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ HALE_MFA_REQUIRED_ROLES: 'doctor' });
  });
  afterAll(() => s.stop());

  it('makes a doctor set up TOTP first, then asks for a code (or a backup code, once) at every sign-in', async () => {
    await makeUser(s, 'drmfa', ['doctor']);
    const first = (await login(s.url, 'drmfa', PASSWORD)).body;
    expect(first.scope).toBe('mfa-setup');
    expect((await call(s.url, 'GET', '/fhir/R4/Patient', first.accessToken)).status).toBe(403);
    const setup = await call(s.url, 'POST', '/api/v1/auth/mfa/setup', first.accessToken);
    expect(setup.status).toBe(200);
    expect(setup.body.qrCode).toMatch(/^data:image\/png;base64,/);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Hale:drmfa\?/);
    const wrong = await call(s.url, 'POST', '/api/v1/auth/mfa/confirm', first.accessToken, { code: '000000' });
    expect(wrong.status).toBe(422);
    const code = await generate({ secret: setup.body.secret });
    const confirmed = await call(s.url, 'POST', '/api/v1/auth/mfa/confirm', first.accessToken, { code });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.backupCodes).toHaveLength(10);
    expect(confirmed.body.scope).toBe('full');
    expect((await call(s.url, 'GET', '/fhir/R4/Patient', confirmed.body.accessToken)).status).toBe(200);

    const noCode = await login(s.url, 'drmfa', PASSWORD);
    expect(noCode.status).toBe(401);
    expect(noCode.body.error.details).toEqual([{ field: 'totp', message: 'is required' }]);
    const withCode = await login(s.url, 'drmfa', PASSWORD, { totp: await generate({ secret: setup.body.secret }) });
    expect(withCode.status).toBe(200);
    expect(withCode.body.scope).toBe('full');
    const backup = confirmed.body.backupCodes[0] as string;
    expect((await login(s.url, 'drmfa', PASSWORD, { totp: backup })).status).toBe(200);
    expect((await login(s.url, 'drmfa', PASSWORD, { totp: backup })).status).toBe(401);
  });
});
