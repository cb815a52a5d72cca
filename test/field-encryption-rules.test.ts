/**
 * The admin API for sensitive elements, on a real database: admins only, paths checked
 * against the R4 definitions, and a new rule applied to the next write at once.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyRing } from '../src/crypto/key-ring.ts';
import { registerEncryptionRuleRoutes } from '../src/crypto/rule-routes.ts';
import { SensitiveFields } from '../src/crypto/sensitive-fields.ts';
import { sendError } from '../src/http/error-mapping.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let app: FastifyInstance;
let fields: SensitiveFields;

const URL = '/api/v1/admin/sensitive-elements';
const as = (roles: string) => ({ 'x-test-user': 'user-1', 'x-test-roles': roles });

beforeAll(async () => {
  server = await startTestServer();
  const db = server.hale.db;
  fields = await SensitiveFields.load(db, KeyRing.open({ dataDir: server.config.dataDir, seedKey: server.hale.secrets.fieldKey }));
  app = Fastify();
  // Stands in for the sign-in layer, which sets the acting context of each request.
  app.addHook('onRequest', async (request) => {
    const user = request.headers['x-test-user'];
    if (typeof user === 'string') {
      const roles = String(request.headers['x-test-roles'] ?? '')
        .split(',')
        .filter(Boolean);
      request.actingContext = { userId: user, roles, requestId: String(request.id), system: false };
    }
  });
  app.setErrorHandler((err, request, reply) => sendError(request, reply, err));
  registerEncryptionRuleRoutes(app, { db, fields });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe('/api/v1/admin/sensitive-elements', () => {
  it('is for admins only', async () => {
    expect((await app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
    const clinician = await app.inject({ method: 'GET', url: URL, headers: as('clinician') });
    expect(clinician.statusCode).toBe(403);
    expect(clinician.json().error.code).toBe('forbidden');
    const post = await app.inject({ method: 'POST', url: URL, headers: as('clinician'), payload: { path: 'Patient.telecom.value' } });
    expect(post.statusCode).toBe(403);
  });

  it('adds a rule that the next write applies, lists it, and removes it', async () => {
    const patient = { resourceType: 'Patient', telecom: [{ system: 'phone', value: '555-0199' }] };
    expect(fields.protect(patient).resource).toBe(patient); // not sensitive yet

    const added = await app.inject({ method: 'POST', url: URL, headers: as('admin'), payload: { path: 'Patient.telecom.value' } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ resourceType: 'Patient', path: 'Patient.telecom.value', createdBy: 'user-1' });
    expect(JSON.stringify(fields.protect(patient).resource)).not.toContain('555-0199');

    const again = await app.inject({ method: 'POST', url: URL, headers: as('admin'), payload: { path: 'Patient.telecom.value' } });
    expect(again.statusCode).toBe(409);

    const list = (await app.inject({ method: 'GET', url: URL, headers: as('admin') })).json();
    expect(list.rules.map((r: { path: string }) => r.path)).toEqual(['Patient.telecom.value']);
    expect(list.builtIn.map((r: { resourceType: string }) => r.resourceType)).toContain('Coverage');

    const note = await app.inject({ method: 'POST', url: URL, headers: as('admin'), payload: { path: 'Observation.note.text' } });
    expect(note.statusCode).toBe(201);
    expect((await app.inject({ method: 'DELETE', url: `${URL}/${added.json().id}`, headers: as('admin') })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `${URL}/Observation.note.text`, headers: as('admin') })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `${URL}/Observation.note.text`, headers: as('admin') })).statusCode).toBe(404);
    expect(fields.protect(patient).resource).toBe(patient);
  });

  it('rejects a path that names no string element with a 422 naming the field', async () => {
    const res = await app.inject({ method: 'POST', url: URL, headers: as('admin'), payload: { path: 'Patient.birthDate' } });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.message).toMatch(/Patient\.birthDate is a date, not a string element/);
    expect(body.error.details[0].field).toBe('path');
    const unknown = await app.inject({ method: 'POST', url: URL, headers: as('admin'), payload: { path: 'Patient.ssn' } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.message).toMatch(/Patient\.ssn is not an element of Patient/);
  });
});
