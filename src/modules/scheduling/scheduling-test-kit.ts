/**
 * Shared set-up of the scheduling tests: a real server (PGlite in memory, or PostgreSQL when
 * DATABASE_URL is set), signed-in users, and a small clinic: two practitioners, rooms in
 * Berlin and New York, a service, and patients. Not a test file itself.
 */
import { expect } from 'vitest';
import { createUser } from '../../access/accounts.ts';
import { startTestServer, type TestServer } from '../../../test/support/test-server.ts';
import { call, login, type ApiResult } from '../../../test/support/api-client.ts';
import { fromWall, utcIso, wallAt } from './zoned-time.ts';

export const PASSWORD = 'a long and unusual passphrase 7';
export const TZ_EXT = 'http://hl7.org/fhir/StructureDefinition/timezone';

export type Who = 'admin' | 'reception' | 'nurse' | 'doctor';

export interface Kit {
  s: TestServer;
  api(who: Who, method: string, path: string, body?: unknown): Promise<ApiResult>;
  /** PUT availability as the receptionist, expecting 200. */
  availability(practitionerId: string, locations: unknown[]): Promise<any>;
  /** POST /api/v1/appointments as the receptionist (status not checked). */
  book(body: Record<string, unknown>, who?: Who): Promise<ApiResult>;
  stop(): Promise<void>;
}

const USERS: [Exclude<Who, 'admin'>, string[], Record<string, string>][] = [
  ['reception', ['receptionist'], { displayName: 'Rita Reception' }],
  ['nurse', ['nurse'], { displayName: 'Nina Nurse' }],
  ['doctor', ['doctor'], { displayName: 'Dr Anna Berg', practitionerId: 'dr-berg' }],
];

const put = (resource: Record<string, unknown>) => ({
  resource,
  request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
});

/** The clinic every scheduling test starts from; patients pat-1 .. pat-N. */
export function clinicBundle(patients = 60): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      put({ resourceType: 'Practitioner', id: 'dr-berg', name: [{ family: 'Berg', given: ['Anna'], prefix: ['Dr'] }] }),
      put({ resourceType: 'Practitioner', id: 'dr-kim', name: [{ family: 'Kim', given: ['Jun'], prefix: ['Dr'] }] }),
      put({ resourceType: 'Organization', id: 'dept-cardio', name: 'Cardiology' }),
      put({
        resourceType: 'PractitionerRole',
        id: 'role-berg',
        practitioner: { reference: 'Practitioner/dr-berg' },
        organization: { reference: 'Organization/dept-cardio' },
        specialty: [{ coding: [{ system: 'http://snomed.info/sct', code: '394579002', display: 'Cardiology' }] }],
      }),
      put({ resourceType: 'Location', id: 'room-1', name: 'Room 1', extension: [{ url: TZ_EXT, valueCode: 'Europe/Berlin' }] }),
      put({ resourceType: 'Location', id: 'room-2', name: 'Room 2', extension: [{ url: TZ_EXT, valueCode: 'Europe/Berlin' }] }),
      put({ resourceType: 'Location', id: 'room-ny', name: 'NY Room', extension: [{ url: TZ_EXT, valueCode: 'America/New_York' }] }),
      put({ resourceType: 'Location', id: 'room-nozone', name: 'Room without zone' }),
      put({
        resourceType: 'HealthcareService',
        id: 'svc-echo',
        name: 'Echocardiogram',
        type: [{ coding: [{ system: 'http://snomed.info/sct', code: '40701008', display: 'Echocardiography' }] }],
        extension: [
          {
            url: 'https://hale.health/fhir/StructureDefinition/service-duration',
            valueDuration: { value: 40, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' },
          },
          { url: 'https://hale.health/fhir/StructureDefinition/service-appointment-type', valueCode: 'procedure' },
        ],
      }),
      ...Array.from({ length: patients }, (_, i) =>
        put({
          resourceType: 'Patient',
          id: `pat-${i + 1}`,
          name: [{ family: `Patient${i + 1}`, given: ['Test'] }],
          gender: 'unknown',
          birthDate: '1980-01-01',
        }),
      ),
    ],
  };
}

/** Weekdays 09:00-12:00 in 20-minute slots, a 10:00-10:20 break. */
export function morningAvailability(locationId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    locationId,
    slotMinutes: 20,
    rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '09:00', durationMinutes: 180 }],
    breaks: [{ start: '10:00', end: '10:20' }],
    exceptions: [],
    ...extra,
  };
}

/** The next Monday at least `weeksAhead` weeks from today (YYYY-MM-DD, UTC calendar). */
export function futureMonday(weeksAhead = 1): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7 * weeksAhead + ((8 - d.getUTCDay()) % 7 || 7));
  return d.toISOString().slice(0, 10);
}

/** A Berlin wall-clock time on a day, as a UTC instant (right in summer and in winter). */
export function berlin(day: string, hhmm: string): string {
  return utcIso(fromWall(wallAt(day, hhmm), 'Europe/Berlin'));
}

/** A day plus n days. */
export function plusDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export async function startKit(env: Record<string, string> = {}): Promise<Kit> {
  // The no-show job's timer would mark these tests' past appointments while they run; tests call the job themselves.
  const s = await startTestServer({ HALE_CARE_RELATIONSHIP: 'all', HALE_NO_SHOW_INTERVAL_S: '0', ...env });
  const seed = await s.fhir('POST', '', clinicBundle());
  expect(seed.status, JSON.stringify(seed.body).slice(0, 2000)).toBe(200);
  const tokens = { admin: s.adminToken } as Record<Who, string>;
  for (const [username, roles, extra] of USERS) {
    await createUser(s.hale.db, { username, roles, password: PASSWORD, ...extra }, false);
    const r = await login(s.url, username, PASSWORD);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    tokens[username] = r.body.accessToken;
  }
  const api: Kit['api'] = (who, method, path, body) => call(s.url, method, path, tokens[who], body);
  return {
    s,
    api,
    async availability(practitionerId, locations) {
      const r = await api('reception', 'PUT', `/api/v1/scheduling/availability/${practitionerId}`, { locations });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    },
    book: (body, who = 'reception') => api(who, 'POST', '/api/v1/appointments', body),
    stop: () => s.stop(),
  };
}

export const fieldsOf = (body: { error?: { details?: { field?: string }[] } }) => (body.error?.details ?? []).map((d) => d.field);
