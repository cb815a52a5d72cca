/**
 * Shared set-up of the patient administration tests: a real server (PGlite in memory, or
 * PostgreSQL when DATABASE_URL is set), signed-in users of the front-desk and clinical
 * roles, and a complete registration body. Not a test file itself.
 */
import { expect } from 'vitest';
import { createUser } from '../../access/accounts.ts';
import { startTestServer, type TestServer } from '../../../test/support/test-server.ts';
import { call, login, type ApiResult } from '../../../test/support/api-client.ts';

export const PASSWORD = 'a long and unusual passphrase 7';

export type Who = 'admin' | 'reception' | 'doctor' | 'nurse' | 'billing';

export interface Kit {
  s: TestServer;
  tokens: Record<Who, string>;
  userIds: Record<Who, string>;
  api(who: Who, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult>;
  /** Registers a patient as the receptionist and returns the answer's body ({id, mrn, patient}). */
  register(body: Record<string, unknown>, who?: Who): Promise<{ id: string; mrn: string; patient: Record<string, any> }>;
  /** Number of live resources of a type, counted as the administrator through FHIR search. */
  count(type: string): Promise<number>;
  stop(): Promise<void>;
}

const USERS: [Exclude<Who, 'admin'>, string[], Record<string, string>][] = [
  ['reception', ['receptionist'], { displayName: 'Rita Reception' }],
  ['doctor', ['doctor'], { displayName: 'Dr Dana Doe', practitionerId: 'prac-doe' }],
  ['nurse', ['nurse'], { displayName: 'Nina Nurse' }],
  ['billing', ['billing'], { displayName: 'Bill Billing' }],
];

export async function startKit(env: Record<string, string> = {}): Promise<Kit> {
  // Clinicians here see every patient: these tests are about patient administration, not care relationships.
  const s = await startTestServer({ HALE_CARE_RELATIONSHIP: 'all', ...env });
  const seed = await s.fhir('POST', '', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        resource: { resourceType: 'Practitioner', id: 'prac-doe', name: [{ family: 'Doe', given: ['Dana'], prefix: ['Dr'] }] },
        request: { method: 'PUT', url: 'Practitioner/prac-doe' },
      },
      {
        resource: { resourceType: 'Organization', id: 'org-acme', name: 'Acme Health Insurance' },
        request: { method: 'PUT', url: 'Organization/org-acme' },
      },
    ],
  });
  expect(seed.status, JSON.stringify(seed.body)).toBe(200);
  const tokens = { admin: s.adminToken } as Record<Who, string>;
  const admin = await s.hale.db.query<{ id: string }>(`SELECT id FROM hale_user WHERE username = 'admin'`);
  const userIds = { admin: admin.rows[0]!.id } as Record<Who, string>;
  for (const [username, roles, extra] of USERS) {
    const created = await createUser(s.hale.db, { username, roles, password: PASSWORD, ...extra }, false);
    userIds[username] = created.user.id;
    const r = await login(s.url, username, PASSWORD);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    tokens[username] = r.body.accessToken;
  }
  const api: Kit['api'] = (who, method, path, body, headers) => call(s.url, method, path, tokens[who], body, headers);
  return {
    s,
    tokens,
    userIds,
    api,
    async register(body, who = 'reception') {
      const r = await api(who, 'POST', '/api/v1/patients', body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    },
    async count(type) {
      const r = await s.fhir('GET', `${type}?_summary=count`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.total as number;
    },
    stop: () => s.stop(),
  };
}

/** A registration with every field of the form filled. */
export function fullRegistration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: { given: ['Amelia', 'Rose'], family: 'Hartley', prefix: ['Ms'], suffix: [] },
    preferredName: 'Millie',
    sex: 'female',
    genderIdentity: 'non-binary',
    birthDate: '1988-04-23',
    maritalStatus: 'M',
    language: 'en-gb',
    photo: `data:image/png;base64,${TINY_PNG}`,
    identifiers: [
      { type: 'national', system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-12-3456' },
      { type: 'passport', system: 'http://hl7.org/fhir/sid/passport-GBR', value: 'P1234567' },
    ],
    addresses: [{ use: 'home', line: ['12 Elm Street', 'Flat 3'], city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' }],
    phones: [
      { use: 'mobile', value: '+1 (217) 555-0142' },
      { use: 'home', value: '217-555-0199' },
    ],
    email: 'amelia.hartley@example.org',
    emergencyContacts: [{ name: 'Tom Hartley', relationship: 'C', phone: '217 555 0100' }],
    guarantor: { name: 'Tom Hartley', relationship: 'spouse', phone: '217 555 0100' },
    generalPractitionerId: 'prac-doe',
    coverages: [
      { payerOrganizationId: 'org-acme', plan: 'Gold PPO', memberId: 'ACM-998877', groupNumber: 'GRP-12', start: '2024-01-01', order: 1 },
      { payerName: 'State Medicaid', memberId: 'MCD-1122', start: '2023-06-01', end: '2026-05-31', order: 2 },
    ],
    communication: { preferredChannels: ['sms', 'email'], quietHours: { start: '21:00', end: '08:00' } },
    consents: {
      shareWithFamily: true,
      shareWithInsurers: true,
      research: false,
      marketingOptOut: true,
      version: '2024.2',
      date: '2024-03-01',
    },
    ...overrides,
  };
}

/** The smallest valid PNG (1x1, transparent). */
export const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A minimal patient registration (the required fields only). */
export function minimalRegistration(
  family: string,
  given: string,
  birthDate: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { name: { family, given: [given] }, sex: 'unknown', birthDate, ...extra };
}
