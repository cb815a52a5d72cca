/**
 * A patient asks who opened their record (GET /api/v1/audit/my-record), as the portal's
 * "Who viewed my record" page does: the people by name and role, what they did, a refused
 * attempt, an emergency access with its reason, their own visits marked; nobody else's
 * record, and no account, record or network ids. Paged; bad parameters are a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/accounts.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { call, login } from './support/api-client.ts';

const PASSWORD = 'a long and unusual passphrase 7';
let s: TestServer;
const tokens: Record<string, string> = {};
const userIds: Record<string, string> = {};
const ids: Record<string, string> = {};

async function create(resource: Record<string, unknown>): Promise<string> {
  const r = await s.fhir('POST', resource.resourceType as string, resource);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

const fhir = (user: string, path: string) => call(s.url, 'GET', `/fhir/R4/${path}`, tokens[user]);
const myRecord = (user: string, query = '') => call(s.url, 'GET', `/api/v1/audit/my-record${query}`, tokens[user]);

beforeAll(async () => {
  s = await startTestServer();
  ids.drA = await create({ resourceType: 'Practitioner', name: [{ family: 'Adams' }] });
  ids.drB = await create({ resourceType: 'Practitioner', name: [{ family: 'Baker' }] });
  ids.p1 = await create({ resourceType: 'Patient', name: [{ family: 'One' }] });
  ids.p2 = await create({ resourceType: 'Patient', name: [{ family: 'Two' }] });
  await create({
    resourceType: 'CareTeam',
    status: 'active',
    subject: { reference: `Patient/${ids.p1}` },
    participant: [{ member: { reference: `Practitioner/${ids.drA}` } }],
  });
  const obs = (p: string) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: `Patient/${p}` },
    valueQuantity: { value: 60, unit: '/min' },
  });
  ids.obs1 = await create(obs(ids.p1));
  ids.obs2 = await create(obs(ids.p2));
  const users: [string, string, string[], Record<string, string>][] = [
    ['patient1', 'Ada One', ['patient'], { patientId: ids.p1 }],
    ['patient2', 'Ben Two', ['patient'], { patientId: ids.p2 }],
    ['drA', 'Dr. Amal Adams', ['doctor'], { practitionerId: ids.drA }],
    ['drB', 'Dr. Grace Baker', ['doctor'], { practitionerId: ids.drB }],
  ];
  for (const [username, displayName, roles, links] of users) {
    const created = await createUser(s.hale.db, { username, displayName, roles, password: PASSWORD, ...links }, false);
    userIds[username] = created.user.id;
    const r = await login(s.url, username, PASSWORD);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    tokens[username] = r.body.accessToken;
  }

  // The day's accesses, in order: the care-team doctor reads the record and searches the results;
  // an unrelated doctor is refused, breaks the glass and reads; the patient looks at their own;
  // and someone reads the other patient's record.
  expect((await fhir('drA', `Patient/${ids.p1}`)).status).toBe(200);
  expect((await fhir('drA', `Observation?patient=${ids.p1}`)).status).toBe(200);
  expect((await fhir('drB', `Observation/${ids.obs1}`)).status).toBe(403);
  const grant = await call(s.url, 'POST', '/api/v1/break-glass', tokens.drB, {
    patientId: ids.p1,
    reason: 'Brought in unconscious to the emergency room',
  });
  expect(grant.status, JSON.stringify(grant.body)).toBe(201);
  expect((await fhir('drB', `Observation/${ids.obs1}`)).status).toBe(200);
  expect((await fhir('patient1', `Patient/${ids.p1}`)).status).toBe(200);
  expect((await fhir('patient2', `Observation/${ids.obs2}`)).status).toBe(200);
  // The grant's notices are sent by a job, which records its work (automatic entries): let it finish first.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const notices = await s.fhir(
      'GET',
      `Communication?subject=Patient/${ids.p1}&category=alert&status=preparation,in-progress&_summary=count`,
    );
    if (notices.body.total === 0) break;
    if (Date.now() > deadline) throw new Error('the emergency access notices were not processed within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}, 120_000);
afterAll(() => s.stop());

describe('who opened my record', () => {
  it('names each person and role, newest first, with the refusal, the emergency and its reason, and my own visit', async () => {
    const r = await myRecord('patient1');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const people = r.body.accesses.filter((a: { who: { automatic?: boolean } }) => !a.who.automatic);
    const lines = people.map(
      (a: { who: { name: string; you?: boolean }; action: string; outcome: string; resourceType?: string }) =>
        `${a.who.name}${a.who.you ? ' (you)' : ''}: ${a.action} ${a.resourceType ?? ''} ${a.outcome}`,
    );
    expect(lines).toEqual([
      'Ada One (you): read Patient success',
      'Dr. Grace Baker: read Observation success',
      'Dr. Grace Baker: break-glass Patient success',
      'Dr. Grace Baker: permission-denied Observation denied',
      'Dr. Amal Adams: search Observation success',
      'Dr. Amal Adams: read Patient success',
      // The set-up above, done as the administrator.
      'Administrator: create Observation success',
      'Administrator: create CareTeam success',
      'Administrator: create Patient success',
    ]);
    // The server's own jobs (the emergency access notice being sent) may add automatic entries meanwhile: people only.
    const others = (await myRecord('patient1', '?mine=false')).body.accesses
      .filter((a: { who: { automatic?: boolean } }) => !a.who.automatic)
      .map((a: { who: { name: string } }) => a.who.name);
    expect(others).not.toContain('Ada One');
    expect(others).toHaveLength(people.length - 1);
    const emergency = people.find((a: { action: string }) => a.action === 'break-glass');
    expect(emergency.emergency).toEqual({ reason: 'Brought in unconscious to the emergency room', minutes: 60 });
    expect(emergency.who.roles).toEqual(['doctor']);
    const times = r.body.accesses.map((a: { when: string }) => a.when);
    expect([...times].sort().reverse()).toEqual(times);
    expect(r.body.total).toBe(r.body.accesses.length);
  });

  it('tells nothing about another patient, and no account, record or network ids', async () => {
    const r = await myRecord('patient1');
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(ids.obs2);
    expect(text).not.toContain('Ben Two');
    for (const id of [userIds.drA, userIds.drB, userIds.patient1, ids.obs1, ids.p1]) expect(text).not.toContain(id);
    expect(text).not.toMatch(/127\.0\.0\.1|::1|"ip"|requestId|request_id/);
    const other = await myRecord('patient2');
    expect(other.body.accesses.map((a: { who: { name: string }; action: string }) => `${a.who.name} ${a.action}`)).toEqual([
      'Ben Two read',
      'Administrator create',
      'Administrator create',
    ]);
  });

  it('looking at the list does not add to it, and it pages', async () => {
    const before = (await myRecord('patient1')).body.total;
    expect((await myRecord('patient1')).body.total).toBe(before);
    const first = await myRecord('patient1', '?_count=2');
    const second = await myRecord('patient1', '?_count=2&_offset=2');
    expect(first.body).toMatchObject({ total: before, count: 2, offset: 0 });
    expect(first.body.accesses).toHaveLength(2);
    expect(second.body.accesses[0].when <= first.body.accesses[1].when).toBe(true);
    const all = (await myRecord('patient1')).body.accesses;
    expect([...first.body.accesses, ...second.body.accesses]).toEqual(all.slice(0, 4));
    const none = await myRecord('patient1', `?date=lt2000-01-01`);
    expect(none.body).toMatchObject({ total: 0, accesses: [] });
  });

  it('refuses bad parameters with the field, and anyone who is not a patient', async () => {
    const unknown = await myRecord('patient1', '?user=someone');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({ field: 'user' });
    const badDate = await myRecord('patient1', '?date=yesterday');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details[0]).toMatchObject({ field: 'date' });
    const badMine = await myRecord('patient1', '?mine=no');
    expect(badMine.status).toBe(400);
    expect(badMine.body.error.details[0]).toMatchObject({ field: 'mine' });
    const badCount = await myRecord('patient1', '?_count=-1');
    expect(badCount.status).toBe(400);
    expect((await myRecord('drA')).status).toBe(403);
    expect((await call(s.url, 'GET', '/api/v1/audit/my-record')).status).toBe(401);
  });

  it('the emergency notification names the clinician, not an account id, and reaches the patient alone', async () => {
    const r = await s.fhir('GET', `Communication?subject=Patient/${ids.p1}&recipient=Patient/${ids.p1}`);
    const text = r.body.entry[0].resource.payload[0].contentString as string;
    expect(text).toContain('Dr. Grace Baker (doctor)');
    expect(text).not.toContain(userIds.drB);
    // The portal's home finds it as the patient (EmergencyAccessNotice); nobody else's patient does.
    const query = (p: string) => `Communication?recipient=Patient/${p}&category=alert&_sort=-_lastUpdated`;
    const own = await fhir('patient1', query(ids.p1));
    expect(own.status).toBe(200);
    expect(own.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([r.body.entry[0].resource.id]);
    expect((await fhir('patient2', query(ids.p1))).body.entry ?? []).toEqual([]);
    expect((await fhir('patient2', query(ids.p2))).body.entry ?? []).toEqual([]);
  });
});
