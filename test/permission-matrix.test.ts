/**
 * The permission matrix: every role x every R4 resource type x {read, write} through
 * /fhir/R4, against the role table in src/access/permissions.ts (docs/access-control.md).
 * Reads are probed by a search, writes by a create of a resource that names no patient:
 * a denied role must get 403 before anything is validated or stored; an allowed one gets
 * through the policy (201, or 422 when the bare resource is invalid).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../src/access/accounts.ts';
import { roleAllows } from '../src/access/permissions.ts';
import { ROLES } from '../src/access/roles.ts';
import { resourceTypes } from '../src/fhir/definitions.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { call, login } from './support/api-client.ts';

let s: TestServer;

/**
 * The statuses a bare create may get. Denied by the table: 403. Allowed: through the policy
 * (201, or 422 for an invalid bare resource), except where the row scope still applies to a
 * resource naming no patient: a patient may write only inside their own compartment (so
 * never 201), and a clinician may not create a Patient they have no care relationship with.
 */
function expectedWrite(role: string, type: string): number[] {
  if (!roleAllows([role], type, 'write')) return [403];
  if (role === 'patient') return [403, 422];
  if ((role === 'doctor' || role === 'nurse') && type === 'Patient') return [403];
  return [201, 422];
}
const tokens = new Map<string, string>();

beforeAll(async () => {
  s = await startTestServer();
  const patient = (await s.fhir('POST', 'Patient', { resourceType: 'Patient' })).body.id as string;
  const org = (await s.fhir('POST', 'Organization', { resourceType: 'Organization', name: 'Insurer' })).body.id as string;
  for (const role of ROLES) {
    const links = role === 'patient' ? { patientId: patient } : role === 'insurer' ? { organizationId: org } : {};
    await createUser(
      s.hale.db,
      { username: `matrix-${role}`, roles: [role], password: 'a long and unusual passphrase 7', ...links },
      false,
    );
    tokens.set(role, (await login(s.url, `matrix-${role}`, 'a long and unusual passphrase 7')).body.accessToken);
  }
}, 120_000);
afterAll(() => s.stop());

it('answers every role x type x action as the role table says', async () => {
  const wrong: string[] = [];
  let probes = 0;
  for (const role of ROLES) {
    const token = tokens.get(role)!;
    for (const type of resourceTypes()) {
      const read = await call(s.url, 'GET', `/fhir/R4/${type}?_count=1`, token);
      probes++;
      const readAllowed = roleAllows([role], type, 'read');
      if ((read.status === 403) === readAllowed || (readAllowed && read.status !== 200)) wrong.push(`${role} read ${type}: ${read.status}`);
      const write = await call(s.url, 'POST', `/fhir/R4/${type}`, token, { resourceType: type });
      probes++;
      if (!expectedWrite(role, type).includes(write.status)) wrong.push(`${role} write ${type}: ${write.status}`);
    }
  }
  console.log(
    `permission matrix: ${probes} probes (${ROLES.length} roles x ${resourceTypes().length} types x read/write) through /fhir/R4, ${wrong.length} wrong`,
  );
  expect(wrong).toEqual([]);
  expect(probes).toBe(ROLES.length * resourceTypes().length * 2);
}, 600_000);
