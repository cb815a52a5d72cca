/**
 * Family through the real server: RelatedPersons added and listed, and portal access for a
 * proxy: granted to a minor's parent (who then sees the child's record and nobody else's),
 * refused for an adult's spouse with the reason, granted to an adult's guardian, and only
 * by the front desk or an administrator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login } from '../../../test/support/api-client.ts';
import { createUser } from '../../access/accounts.ts';
import { minimalRegistration, startKit, PASSWORD, type Kit } from './patient-test-kit.ts';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
}, 120_000);
afterAll(() => k?.stop());

const yearsAgo = (n: number) => `${new Date().getUTCFullYear() - n}-01-15`;

async function relative(patientId: string, body: Record<string, unknown>) {
  const r = await k.api('reception', 'POST', `/api/v1/patients/${patientId}/related-persons`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string };
}

describe('related persons', () => {
  it('adds and lists family members with their relationship', async () => {
    const { id } = await k.register(minimalRegistration('Family', 'Fiona', '1980-01-01'));
    const rp = await relative(id, { name: 'George Family', relationship: 'spouse', phone: '555 123 4567', email: 'george@example.org' });
    const stored = (await k.s.fhir('GET', `RelatedPerson/${rp.id}`)).body;
    expect(stored.relationship[0].coding[0]).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
      code: 'SPS',
      display: 'spouse',
    });
    const list = await k.api('nurse', 'GET', `/api/v1/patients/${id}/related-persons`);
    expect(list.body.relatedPersons).toEqual([
      { id: rp.id, name: 'George Family', relationship: 'spouse', phone: '555 123 4567', email: 'george@example.org', active: true },
    ]);
    const bad = await k.api('reception', 'POST', `/api/v1/patients/${id}/related-persons`, { name: 'X', relationship: 'cousin' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([{ field: 'relationship', message: 'must be one of parent, guardian, spouse, child, other' }]);
  });
});

describe('portal access for a proxy', () => {
  it("gives a minor's parent an account that sees the child's record, with a temporary password shown once", async () => {
    const child = await k.register(minimalRegistration('Minor', 'Max', yearsAgo(9)));
    const other = await k.register(minimalRegistration('Other', 'Olive', '1980-01-01'));
    const parent = await relative(child.id, { name: 'Paula Minor', relationship: 'parent' });
    const r = await k.api('reception', 'POST', `/api/v1/patients/${child.id}/related-persons/${parent.id}/portal-access`, {
      username: 'paula.minor',
      email: 'paula@example.org',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.user).toMatchObject({
      username: 'paula.minor',
      roles: ['patient'],
      patientId: child.id,
      relatedPersonId: parent.id,
      mustChangePassword: true,
    });
    expect(r.body.temporaryPassword).toMatch(/^\S{4}-\S{4}-\S{4}-\S{4}$/);
    expect((await k.s.fhir('GET', `RelatedPerson/${parent.id}`)).body.telecom).toContainEqual({
      system: 'email',
      value: 'paula@example.org',
    });

    const first = await login(k.s.url, 'paula.minor', r.body.temporaryPassword);
    const changed = await call(k.s.url, 'POST', '/api/v1/auth/password', first.body.accessToken, {
      currentPassword: r.body.temporaryPassword,
      newPassword: PASSWORD,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const token = changed.body.accessToken;
    expect((await call(k.s.url, 'GET', `/fhir/R4/Patient/${child.id}`, token)).status).toBe(200);
    expect((await call(k.s.url, 'GET', `/fhir/R4/Patient/${other.id}`, token)).status).toBe(404);

    const audited = (
      await k.s.hale.db.query<{ detail: Record<string, string> }>(
        `SELECT detail FROM audit_event WHERE action = 'account' AND request_id = $1`,
        [r.headers.get('x-request-id')],
      )
    ).rows;
    expect(audited[0]!.detail).toMatchObject({ what: 'create', target: r.body.user.id, relatedPerson: `RelatedPerson/${parent.id}` });
  });

  it("refuses an adult's spouse, saying why, and creates no account", async () => {
    const adult = await k.register(minimalRegistration('Adult', 'Ada', yearsAgo(40)));
    const spouse = await relative(adult.id, { name: 'Sam Adult', relationship: 'spouse' });
    const r = await k.api('reception', 'POST', `/api/v1/patients/${adult.id}/related-persons/${spouse.id}/portal-access`, {
      username: 'sam.adult',
    });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/minor's family or a legal guardian.*adult.*spouse/);
    expect((await k.s.hale.db.query(`SELECT 1 FROM hale_user WHERE username = 'sam.adult'`)).rows).toHaveLength(0);
  });

  it("grants an adult's guardian", async () => {
    const adult = await k.register(minimalRegistration('Ward', 'Wendy', yearsAgo(30)));
    const guardian = await relative(adult.id, { name: 'Gus Ward', relationship: 'guardian' });
    const r = await k.api('admin', 'POST', `/api/v1/patients/${adult.id}/related-persons/${guardian.id}/portal-access`, {
      username: 'gus.ward',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });

  it("is for the front desk and administrators only, and for this patient's relatives only", async () => {
    const child = await k.register(minimalRegistration('Minor', 'Mo', yearsAgo(5)));
    const parent = await relative(child.id, { name: 'Pat Minor', relationship: 'parent' });
    const byDoctor = await k.api('doctor', 'POST', `/api/v1/patients/${child.id}/related-persons/${parent.id}/portal-access`, {
      username: 'pat.minor',
    });
    expect(byDoctor.status).toBe(403);
    const stranger = await k.register(minimalRegistration('Stranger', 'Stu', yearsAgo(5)));
    const wrong = await k.api('reception', 'POST', `/api/v1/patients/${stranger.id}/related-persons/${parent.id}/portal-access`, {
      username: 'pat.minor',
    });
    expect(wrong.status).toBe(404);
    const noName = await k.api('reception', 'POST', `/api/v1/patients/${child.id}/related-persons/${parent.id}/portal-access`, {});
    expect(noName.body.error.details).toEqual([{ field: 'username', message: 'is required' }]);
    const taken = await k.api('reception', 'POST', `/api/v1/patients/${child.id}/related-persons/${parent.id}/portal-access`, {
      username: 'reception',
    });
    expect(taken.status).toBe(409);
  });
});

describe('portal access after a death', () => {
  it("ends for the patient's own account and every proxy's, signs them out, and is not granted again", async () => {
    const child = await k.register(minimalRegistration('Late', 'Lily', yearsAgo(12)));
    const parent = await relative(child.id, { name: 'Luke Late', relationship: 'parent' });
    const stepParent = await relative(child.id, { name: 'Lea Late', relationship: 'guardian' });
    await createUser(k.s.hale.db, { username: 'lily.late', roles: ['patient'], password: PASSWORD, patientId: child.id }, false);
    await createUser(
      k.s.hale.db,
      { username: 'luke.late', roles: ['patient'], password: PASSWORD, patientId: child.id, relatedPersonId: parent.id },
      false,
    );
    const own = (await login(k.s.url, 'lily.late', PASSWORD)).body.accessToken as string;
    const proxy = (await login(k.s.url, 'luke.late', PASSWORD)).body.accessToken as string;
    expect((await call(k.s.url, 'GET', `/fhir/R4/Patient/${child.id}`, proxy)).status).toBe(200);

    const died = await k.api('doctor', 'POST', `/api/v1/patients/${child.id}/deceased`, { dateTime: '2026-11-05T06:30:00Z' });
    expect(died.status, JSON.stringify(died.body)).toBe(200);
    expect([...died.body.closedPortalAccounts].sort()).toEqual(['lily.late', 'luke.late']);

    // Signed out (a session checked in the last few seconds may be cached by the instance that
    // checked it, sessions.ts), and no new sign-in.
    for (const token of [own, proxy])
      await expect
        .poll(async () => (await call(k.s.url, 'GET', `/fhir/R4/Patient/${child.id}`, token)).status, { timeout: 10_000 })
        .toBe(401);
    expect((await login(k.s.url, 'luke.late', PASSWORD)).status).not.toBe(200);
    // Staff keep working on the record.
    expect((await k.api('doctor', 'GET', `/api/v1/patients/${child.id}/related-persons`)).status).toBe(200);
    // Each closure is in the audit trail, by whoever recorded the death.
    const audited = await k.s.hale.db.query<{ detail: Record<string, string> }>(
      `SELECT detail FROM audit_event WHERE action = 'account' AND request_id = $1 ORDER BY detail->>'target'`,
      [died.headers.get('x-request-id')],
    );
    expect(audited.rows.map((r) => r.detail)).toHaveLength(2);
    expect(audited.rows[0]!.detail).toMatchObject({ what: 'disable (patient deceased)', patient: `Patient/${child.id}` });
    // A new proxy is not given access to a deceased patient's record.
    const again = await k.api('reception', 'POST', `/api/v1/patients/${child.id}/related-persons/${stepParent.id}/portal-access`, {
      username: 'lea.late',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/deceased/);
    expect((await k.s.hale.db.query(`SELECT 1 FROM hale_user WHERE username = 'lea.late'`)).rows).toHaveLength(0);
  });
});
