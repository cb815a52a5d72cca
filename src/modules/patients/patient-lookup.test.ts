/**
 * The reception desk's patient lookup through the real server: ~250 patients (generated
 * ones as background, hand-made near-duplicates to tell apart), typed the ways people
 * type, ranked best first; the access policy and the audit apply as for a FHIR search.
 */
import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../access/accounts.ts';
import { generateDemoSet } from '../../demo/generate-patients.ts';
import { startTestServer, type TestServer } from '../../../test/support/test-server.ts';
import { call, login } from '../../../test/support/api-client.ts';

const PASSWORD = 'a long and unusual passphrase 7';
const MRN = 'http://hospital.example.org/mrn';
let s: TestServer;
const tokens: Record<string, string> = {};
const userIds: Record<string, string> = {};
let generated: Patient[] = [];

const mr = (value: string) => ({
  type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
  system: MRN,
  value,
});

function person(id: string, given: string[], family: string, birthDate: string, extra: Partial<Patient> = {}): Patient & { id: string } {
  return { resourceType: 'Patient', id, name: [{ use: 'official', family, given }], birthDate, gender: 'male', ...extra };
}

const phone = (value: string) => ({ telecom: [{ system: 'phone' as const, value, use: 'mobile' as const }] });

/** Near-duplicates a reception desk must tell apart. */
const HAND_MADE: (Patient & { id: string })[] = [
  person('jon-smith', ['Jon'], 'Smith', '1984-03-12', {
    identifier: [mr('HALE-1001')],
    ...phone('(617) 555-2368'),
    address: [{ use: 'home', city: 'Boston', state: 'MA' }],
  }),
  person('john-smith', ['John'], 'Smith', '1984-12-03', { identifier: [mr('HALE-1002')], ...phone('617-555-9000') }),
  person('jon-smith-1991', ['Jon'], 'Smith', '1991-05-20'),
  // Registered with first and last name in each other's field.
  person('swapped-smith-jon', ['Smith'], 'Jon', '1990-07-01'),
  person('jane-smith', ['Jane'], 'Smith', '1970-01-01', { gender: 'female', active: false }),
  person('jose-muller', ['José'], 'Müller', '1975-06-15', phone('+1 (212) 555-7788')),
  person('jose-muller-2', ['Jose'], 'Muller', '1980-01-01', phone('212.555.7788')),
  person('maria-garcia', ['María'], 'García', '1984-07-04'),
  person('luis-garcia', ['Luis'], 'Garcia', '1990-02-02'),
  person('ana-lopez', ['Ana'], 'Lopez', '1966-09-09', {
    gender: 'female',
    identifier: [mr('HALE-1003'), { system: 'http://hl7.org/fhir/sid/us-ssn', value: '987-65-4321' }],
  }),
  // An MRN made of the same digits as Jon Smith's phone.
  person('digits-mrn', ['Otto'], 'Brandt', '1955-05-05', { identifier: [mr('6175552368')] }),
  person('deleted-smith', ['Jon'], 'Smith', '1984-03-12'),
  // Enough namesakes to fill more than the largest page.
  ...Array.from({ length: 60 }, (_, n) => person(`nguyen-${String(n).padStart(2, '0')}`, ['Thi'], 'Nguyen', '2000-01-01')),
];

/** Background population: generated patients, demographics only (their clinics are not loaded). */
function generatedPatients(): Patient[] {
  const set = generateDemoSet({ patients: 180, seed: 4242, resourcesPerPatient: 'light', now: new Date('2025-06-01T00:00:00Z') });
  const out: Patient[] = [];
  for (const bundle of set.patients) {
    const p = bundle.entry!.find((e) => e.resource?.resourceType === 'Patient')!.resource as Patient;
    const { generalPractitioner: _gp, managingOrganization: _org, ...rest } = p;
    out.push(rest);
  }
  return out;
}

async function lookup(user: string, query: string) {
  return call(s.url, 'GET', `/api/v1/patients/search?${query}`, tokens[user]);
}

/** Result ids of a lookup as the receptionist. */
async function ids(query: string): Promise<string[]> {
  const r = await lookup('reception', query);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.results.map((p: { id: string }) => p.id);
}

/** Generated patients with this family name (normalised comparison), for exact expected sets. */
function generatedFamily(family: string): string[] {
  const norm = (x: string) => x.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return generated.filter((p) => p.name?.some((n) => n.family && norm(n.family) === norm(family))).map((p) => p.id!);
}

beforeAll(async () => {
  s = await startTestServer();
  generated = generatedPatients();
  const seed = await s.fhir('POST', '', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      ...[...generated, ...HAND_MADE].map((resource) => ({ resource, request: { method: 'PUT', url: `Patient/${resource.id}` } })),
      {
        resource: { resourceType: 'Practitioner', id: 'dr-a', name: [{ family: 'Adams' }] },
        request: { method: 'PUT', url: 'Practitioner/dr-a' },
      },
      {
        resource: { resourceType: 'Practitioner', id: 'dr-b', name: [{ family: 'Baker' }] },
        request: { method: 'PUT', url: 'Practitioner/dr-b' },
      },
      {
        resource: {
          resourceType: 'CareTeam',
          id: 'team-a',
          status: 'active',
          subject: { reference: 'Patient/john-smith' },
          participant: [{ member: { reference: 'Practitioner/dr-a' } }],
        },
        request: { method: 'PUT', url: 'CareTeam/team-a' },
      },
    ],
  });
  expect(seed.status, JSON.stringify(seed.body).slice(0, 2000)).toBe(200);
  expect((await s.fhir('DELETE', 'Patient/deleted-smith')).status).toBe(200);
  const users: [string, string[], Record<string, string>][] = [
    ['reception', ['receptionist'], {}],
    ['jon', ['patient'], { patientId: 'jon-smith' }],
    ['dra', ['doctor'], { practitionerId: 'dr-a' }],
    ['drb', ['doctor'], { practitionerId: 'dr-b' }],
    ['auditor', ['auditor'], {}],
  ];
  for (const [username, roles, links] of users) {
    const created = await createUser(s.hale.db, { username, roles, password: PASSWORD, ...links }, false);
    userIds[username] = created.user.id;
    const r = await login(s.url, username, PASSWORD);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    tokens[username] = r.body.accessToken;
  }
}, 120_000);
afterAll(() => s?.stop());

describe('names', () => {
  it('a typo and first/last in either order find the namesakes, exact spellings first', async () => {
    const smiths = ['jon-smith', 'jon-smith-1991', 'swapped-smith-jon'];
    for (const q of ['smtih jon', 'jon smith', 'smith jon', 'Smith, Jon']) {
      expect((await ids(`q=${encodeURIComponent(q)}`)).slice(0, 4), q).toEqual([...smiths, 'john-smith']);
    }
  });

  it('a missing letter still finds John', async () => {
    const r = await ids('q=jhn+smith');
    expect(r.slice(0, 1)).toEqual(['john-smith']);
  });

  it('accents typed or not find both spellings', async () => {
    for (const q of ['muller jose', 'Müller', 'José Müller', 'MULLER']) {
      const found = await ids(`q=${encodeURIComponent(q)}`);
      expect(found.slice(0, 2), q).toEqual(['jose-muller', 'jose-muller-2']);
    }
    expect((await ids('q=garcia')).sort()).toEqual(['luis-garcia', 'maria-garcia', ...generatedFamily('garcia')].sort());
  });

  it('says which fields matched and what the list shows', async () => {
    const r = await lookup('reception', 'q=smith+jon+1991-05-20');
    expect(r.body.results[0]).toMatchObject({ id: 'jon-smith-1991', matches: ['family', 'given', 'birthDate'] });
    const jon = (await lookup('reception', 'q=jon+smith')).body.results[0];
    expect(jon).toEqual({
      id: 'jon-smith',
      score: 4,
      matches: ['family', 'given'],
      name: 'Jon Smith',
      family: 'Smith',
      given: ['Jon'],
      birthDate: '1984-03-12',
      gender: 'male',
      active: true,
      deceased: false,
      mrn: 'HALE-1001',
      identifiers: [{ system: MRN, type: 'MR', value: 'HALE-1001' }],
      phone: '(617) 555-2368',
      city: 'Boston',
    });
  });

  it('deleted patients are never found', async () => {
    expect(await ids('q=smith+jon')).not.toContain('deleted-smith');
  });
});

describe('dates of birth', () => {
  it('ISO has one reading; day/month orders with both readings real find both', async () => {
    expect(await ids('q=1984-03-12')).toEqual(['jon-smith']);
    expect(await ids('q=1984-12-03')).toEqual(['john-smith']);
    for (const q of ['12/03/1984', '12.03.1984', '03/12/1984', '12-03-1984']) {
      expect((await ids(`q=${encodeURIComponent(q)}`)).sort(), q).toEqual(['john-smith', 'jon-smith']);
    }
  });

  it('name and date of birth beat the name alone', async () => {
    expect((await ids('q=jon+smith+1991-05-20')).slice(0, 4)).toEqual(['jon-smith-1991', 'jon-smith', 'swapped-smith-jon', 'john-smith']);
    expect((await ids('q=smith+12.03.1984')).slice(0, 2).sort()).toEqual(['john-smith', 'jon-smith']);
    // A year beside a name ranks that year's births first.
    expect((await ids('q=garcia+1984')).slice(0, 2)).toEqual(['maria-garcia', 'luis-garcia']);
  });
});

describe('phones and identifiers', () => {
  it('phone digits match however either side is formatted, and by the last 7 digits', async () => {
    for (const q of ['617 555 2368', '(617) 555-2368', '6175552368', '+1 617 555 2368', '555-2368']) {
      expect(
        (await ids(`q=${encodeURIComponent(q)}`)).filter((id) => id !== 'digits-mrn'),
        q,
      ).toEqual(['jon-smith']);
    }
    for (const q of ['212 555 7788', '2125557788', '555.7788']) {
      expect(await ids(`q=${encodeURIComponent(q)}`), q).toEqual(['jose-muller', 'jose-muller-2']);
    }
    const r = await lookup('reception', 'q=555-7788');
    expect(r.body.results.map((p: { matches: string[] }) => p.matches)).toEqual([['phone'], ['phone']]);
  });

  it('an exact identifier ranks first, ignoring case and separators', async () => {
    expect(await ids('q=HALE-1001')).toEqual(['jon-smith']);
    expect(await ids('q=hale1001')).toEqual(['jon-smith']);
    // The same digits are an MRN and a phone number: the identifier wins.
    expect(await ids('q=6175552368')).toEqual(['digits-mrn', 'jon-smith']);
    // An MRN beside a name: the MRN's owner first, then the other namesakes.
    expect((await ids('q=smith+HALE-1002')).slice(0, 1)).toEqual(['john-smith']);
  });

  it('an encrypted national id is found by its exact value', async () => {
    expect(await ids('q=987-65-4321')).toEqual(['ana-lopez']);
    expect(await ids('q=987654321')).toEqual(['ana-lopez']);
    const r = await lookup('reception', 'q=987-65-4321');
    expect(r.body.results[0].identifiers).toContainEqual({ system: 'http://hl7.org/fhir/sid/us-ssn', value: '***4321' });
  });
});

describe('filters and limits', () => {
  it('gender, active and birthDate narrow the results', async () => {
    const females = ['jane-smith', ...generatedFamily('smith').filter((id) => generated.find((p) => p.id === id)?.gender === 'female')];
    expect((await ids('q=smith&gender=female')).sort()).toEqual(females.sort());
    expect(await ids('q=smith&active=false')).toEqual(['jane-smith']);
    expect(await ids('q=smith&birthDate=1984-03-12')).toEqual(['jon-smith']);
  });

  it('20 by default, fewer on request, never more than 50', async () => {
    expect(await ids('q=nguyen')).toHaveLength(20);
    // Equal scores: in id order.
    const nguyens = [...generatedFamily('nguyen'), ...HAND_MADE.filter((p) => p.id.startsWith('nguyen-')).map((p) => p.id)].sort();
    expect(await ids('q=nguyen&limit=5')).toEqual(nguyens.slice(0, 5));
    expect(await ids('q=nguyen&limit=500')).toHaveLength(50);
  });

  it('refuses an empty, too short or meaningless q with a 400 naming q', async () => {
    for (const q of ['', 'q=', 'q=%20%20', 'q=a', 'q=--']) {
      const r = await lookup('reception', q);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe('bad-request');
      expect(r.body.error.details).toEqual([{ field: 'q', message: expect.any(String) }]);
    }
    const bad = await lookup('reception', 'q=smith&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('limit');
  });
});

describe('access and audit', () => {
  it('a patient finds only themselves; a doctor only patients in their care; the front desk everyone', async () => {
    const found = async (user: string) => (await lookup(user, 'q=smith')).body.results.map((p: { id: string }) => p.id);
    expect(await found('jon')).toEqual(['jon-smith']);
    expect(await found('dra')).toEqual(['john-smith']);
    expect(await found('drb')).toEqual([]);
    expect((await found('reception')).sort()).toEqual(
      ['jane-smith', 'john-smith', 'jon-smith', 'jon-smith-1991', 'swapped-smith-jon', ...generatedFamily('smith')].sort(),
    );
  });

  it('roles without access to patient demographics are refused', async () => {
    const r = await lookup('auditor', 'q=smith');
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
  });

  it('each lookup writes one audit record with the query and the results in order', async () => {
    const r = await lookup('reception', 'q=jose+muller&gender=male');
    expect(r.status).toBe(200);
    const shown: string[] = r.body.results.map((p: { id: string }) => p.id);
    expect(shown.slice(0, 2)).toEqual(['jose-muller', 'jose-muller-2']);
    const audit = await s.hale.db.query<{
      action: string;
      resource_type: string;
      query: string;
      result_ids: string[];
      patient_ids: string[];
    }>(
      `SELECT action, resource_type, query, result_ids, patient_ids FROM audit_event WHERE user_id = $1 AND query LIKE 'q=jose%' ORDER BY seq`,
      [userIds.reception],
    );
    expect(audit.rows).toEqual([
      {
        action: 'search',
        resource_type: 'Patient',
        query: 'q=jose+muller&gender=male',
        result_ids: shown.map((id) => `Patient/${id}`),
        patient_ids: shown,
      },
    ]);
  });
});
