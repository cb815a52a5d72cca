/**
 * Which patients a clinician reaches, link by link, as a hospital would expect: a care team,
 * an encounter or an appointment naming both, being the patient's general practitioner, or
 * working for the patient's managing organization (HALE_CARE_RELATIONSHIP chooses which
 * count). Access follows the record: it ends when the link is edited out or the linking
 * resource is deleted, and a server that counts fewer kinds of link grants less. The care
 * links kept for the check (hale_care_link) are the same whether written by the API, rebuilt
 * by a reindex, or derived by the upgrade migration from existing data.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/accounts.ts';
import { reindexResources } from '../src/fhir/store/reindex.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { call, login } from './support/api-client.ts';

const PASSWORD = 'a long and unusual passphrase 7';
let s: TestServer;
const ids: Record<string, string> = {};

async function create(server: TestServer, resource: Record<string, unknown>): Promise<string> {
  const r = await server.fhir('POST', resource.resourceType as string, resource);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

/** A clinician account linked to a Practitioner (and optionally an Organization), signed in. */
async function clinician(server: TestServer, username: string, role: string, links: Record<string, string>): Promise<string> {
  await createUser(server.hale.db, { username, roles: [role], password: PASSWORD, ...links }, false);
  const r = await login(server.url, username, PASSWORD);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.accessToken as string;
}

/** The status of a read of the patient's Observation, and how many Observations a search finds, as this user. */
async function reach(server: TestServer, token: string, patient: string): Promise<{ read: number; found: number }> {
  const read = await call(server.url, 'GET', `/fhir/R4/Observation/${ids[`obs-${patient}`]}`, token);
  const search = await call(server.url, 'GET', `/fhir/R4/Observation?subject=Patient/${ids[patient]}&_total=accurate`, token);
  return { read: read.status, found: search.body.total as number };
}

const granted = { read: 200, found: 1 };
const denied = { read: 403, found: 0 };

async function linkRows(server: TestServer): Promise<string[]> {
  const r = await server.hale.db.query<Record<string, string>>(
    'SELECT resource_type, resource_id, actor_type, actor_id, patient_id, kind FROM hale_care_link ORDER BY 1, 2, 3, 4, 5, 6',
  );
  return r.rows.map((x) => Object.values(x).join(' '));
}

/** Patients p1..p6, each with one Observation, and the resources that link them to clinicians. */
async function seed(server: TestServer): Promise<void> {
  ids.hospital = await create(server, { resourceType: 'Organization', name: 'Riverside Hospital' });
  for (const dr of ['team', 'encounter', 'appointment', 'gp', 'other']) {
    ids[`dr-${dr}`] = await create(server, { resourceType: 'Practitioner', name: [{ family: `Dr ${dr}` }] });
  }
  for (const p of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) {
    ids[p] = await create(server, {
      resourceType: 'Patient',
      name: [{ family: p }],
      ...(p === 'p4' ? { generalPractitioner: [{ reference: `Practitioner/${ids['dr-gp']}` }] } : {}),
      ...(p === 'p5' ? { managingOrganization: { reference: `Organization/${ids.hospital}` } } : {}),
    });
    ids[`obs-${p}`] = await create(server, {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: `Patient/${ids[p]}` },
      valueQuantity: { value: 70, unit: '/min' },
    });
  }
  ids.careTeam = await create(server, {
    resourceType: 'CareTeam',
    status: 'active',
    subject: { reference: `Patient/${ids.p1}` },
    participant: [{ member: { reference: `Practitioner/${ids['dr-team']}` } }],
  });
  ids.encounter = await create(server, {
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${ids.p2}` },
    participant: [{ individual: { reference: `Practitioner/${ids['dr-encounter']}` } }],
  });
  ids.appointment = await create(server, {
    resourceType: 'Appointment',
    status: 'booked',
    start: '2027-01-10T09:00:00Z',
    end: '2027-01-10T09:20:00Z',
    participant: [
      { actor: { reference: `Patient/${ids.p3}` }, status: 'accepted' },
      { actor: { reference: `Practitioner/${ids['dr-appointment']}` }, status: 'accepted' },
    ],
  });
}

const tokens: Record<string, string> = {};

beforeAll(async () => {
  s = await startTestServer();
  await seed(s);
  for (const dr of ['team', 'encounter', 'appointment', 'gp', 'other']) {
    tokens[dr] = await clinician(s, `dr-${dr}`, 'doctor', { practitionerId: ids[`dr-${dr}`]! });
  }
  tokens.nurse = await clinician(s, 'nurse-riverside', 'nurse', { practitionerId: ids['dr-other']!, organizationId: ids.hospital! });
}, 120_000);
afterAll(() => s.stop());

describe('each kind of care relationship', () => {
  it('gives the clinician it names that patient, and no other', async () => {
    const expected: [string, string][] = [
      ['team', 'p1'],
      ['encounter', 'p2'],
      ['appointment', 'p3'],
      ['gp', 'p4'],
      ['nurse', 'p5'],
    ];
    for (const [user, patient] of expected) {
      for (const p of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) {
        expect([user, p, await reach(s, tokens[user]!, p)]).toEqual([user, p, p === patient ? granted : denied]);
      }
    }
    // The practitioner with no link of their own reaches nobody.
    expect(await reach(s, tokens.other!, 'p1')).toEqual(denied);
  });
});

describe('access follows the record', () => {
  it('ends when the clinician is edited out of the care team, and comes back when added again', async () => {
    const team = (await s.fhir('GET', `CareTeam/${ids.careTeam}`)).body;
    const without = await s.fhir('PUT', `CareTeam/${ids.careTeam}`, {
      ...team,
      participant: [{ member: { reference: `Practitioner/${ids['dr-other']}` } }],
    });
    expect(without.status).toBe(200);
    expect(await reach(s, tokens.team!, 'p1')).toEqual(denied);
    expect(await reach(s, tokens.other!, 'p1')).toEqual(granted);
    const back = await s.fhir('PUT', `CareTeam/${ids.careTeam}`, team);
    expect(back.status).toBe(200);
    expect(await reach(s, tokens.team!, 'p1')).toEqual(granted);
    expect(await reach(s, tokens.other!, 'p1')).toEqual(denied);
  });

  it('moves with a change of general practitioner, and ends when the encounter is deleted', async () => {
    const patient = (await s.fhir('GET', `Patient/${ids.p4}`)).body;
    expect(
      (await s.fhir('PUT', `Patient/${ids.p4}`, { ...patient, generalPractitioner: [{ reference: `Practitioner/${ids['dr-other']}` }] }))
        .status,
    ).toBe(200);
    expect(await reach(s, tokens.gp!, 'p4')).toEqual(denied);
    expect(await reach(s, tokens.other!, 'p4')).toEqual(granted);

    expect((await s.fhir('DELETE', `Encounter/${ids.encounter}`)).status).toBe(200);
    expect(await reach(s, tokens.encounter!, 'p2')).toEqual(denied);
  });

  it('starts with an encounter written in a transaction, its references given as urn:uuid', async () => {
    const bundle = await s.fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:5a1e7c1e-0000-4000-8000-000000000001',
          resource: { resourceType: 'Practitioner', name: [{ family: 'Night shift' }] },
          request: { method: 'POST', url: 'Practitioner' },
        },
        {
          resource: {
            resourceType: 'Encounter',
            status: 'in-progress',
            class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
            subject: { reference: `Patient/${ids.p6}` },
            participant: [{ individual: { reference: 'urn:uuid:5a1e7c1e-0000-4000-8000-000000000001' } }],
          },
          request: { method: 'POST', url: 'Encounter' },
        },
      ],
    });
    expect(bundle.status, JSON.stringify(bundle.body)).toBe(200);
    const practitionerId = (bundle.body.entry[0].response.location as string).split('/')[1]!;
    const token = await clinician(s, 'dr-night', 'doctor', { practitionerId });
    expect(await reach(s, token, 'p6')).toEqual(granted);
    expect(await reach(s, token, 'p1')).toEqual(denied);
  });
});

describe('the care links kept for the check', () => {
  it('are rebuilt the same by a reindex, and derived the same from existing data by the upgrade migration', async () => {
    const written = await linkRows(s);
    expect(written.length).toBeGreaterThanOrEqual(5);
    const db = s.hale.db;

    await db.exec('DELETE FROM hale_care_link');
    expect(await reach(s, tokens.team!, 'p1')).toEqual(denied); // the check reads the links, nothing else
    await reindexResources({ db });
    expect(await linkRows(s)).toEqual(written);

    // The migration's own statements, run over the store as an older version left it (no links yet).
    const migration = readFileSync(new URL('../src/db/migrations/0020_care_links.sql', import.meta.url), 'utf8');
    const backfill = migration
      .split(';')
      .map((part) => part.replace(/^\s*--.*$/gm, '').trim())
      .filter((statement) => statement.startsWith('INSERT INTO hale_care_link'));
    expect(backfill).toHaveLength(2);
    await db.exec('DELETE FROM hale_care_link');
    for (const statement of backfill) await db.exec(statement);
    expect(await linkRows(s)).toEqual(written);
    expect(await reach(s, tokens.team!, 'p1')).toEqual(granted);
  });
});

describe('a server that counts only care teams (HALE_CARE_RELATIONSHIP=care-team)', () => {
  it('does not let an encounter, an appointment or the organization open a record', async () => {
    const narrow = await startTestServer({ HALE_CARE_RELATIONSHIP: 'care-team' });
    try {
      const saved = { ...ids };
      await seed(narrow);
      const t: Record<string, string> = {};
      for (const dr of ['team', 'encounter', 'appointment', 'gp'])
        t[dr] = await clinician(narrow, `dr-${dr}`, 'doctor', { practitionerId: ids[`dr-${dr}`]! });
      t.nurse = await clinician(narrow, 'nurse-riverside', 'nurse', { practitionerId: ids['dr-other']!, organizationId: ids.hospital! });
      expect(await reach(narrow, t.team!, 'p1')).toEqual(granted);
      expect(await reach(narrow, t.gp!, 'p4')).toEqual(granted); // the general practitioner counts as care team
      expect(await reach(narrow, t.encounter!, 'p2')).toEqual(denied);
      expect(await reach(narrow, t.appointment!, 'p3')).toEqual(denied);
      expect(await reach(narrow, t.nurse!, 'p5')).toEqual(denied);
      Object.assign(ids, saved);
    } finally {
      await narrow.stop();
    }
  });
});
