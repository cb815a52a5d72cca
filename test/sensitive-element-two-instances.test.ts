/**
 * Two Hale servers on one PostgreSQL schema, as behind a load balancer: an admin marks an
 * element sensitive on one, and the other writes the next value of it encrypted (it reads
 * the rules again every second), while the pass over the stored values, which waits for the
 * other instances to have the rule, leaves no clear copy behind either server's writes.
 * PostgreSQL only: the embedded engine is one process by design.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/api-client.ts';
import { dropSchema, startTestServer, testDatabaseUrl, uniqueSchema, type TestServer } from './support/test-server.ts';

const onPostgres = testDatabaseUrl() !== undefined;
const schema = uniqueSchema();
let a: TestServer;
let b: TestServer;

const patient = (phone: string) => ({
  resourceType: 'Patient',
  name: [{ family: 'Lindqvist' }],
  telecom: [{ system: 'phone', value: phone }],
});

async function storedContent(s: TestServer, id: string): Promise<string> {
  const r = await s.hale.db.query<{ content: string }>("SELECT content FROM resource WHERE resource_type = 'Patient' AND id = $1", [id]);
  return r.rows[0]!.content;
}

// One data folder for both, as instances behind a load balancer share their secrets and field
// keys (docs/audit-and-encryption.md: one key source for every instance).
// Made only when the file runs (on PostgreSQL): a skipped file runs no afterAll to remove it.
let dataDir: string | undefined;

beforeAll(async () => {
  if (!onPostgres) return;
  dataDir = mkdtempSync(path.join(tmpdir(), 'hale-two-'));
  a = await startTestServer({ HALE_DB_SCHEMA: schema }, { dataDir });
  b = await startTestServer({ HALE_DB_SCHEMA: schema }, { dataDir });
}, 120_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  if (onPostgres) await dropSchema(schema);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!onPostgres)('a sensitive-element rule across two servers', () => {
  it('marked on one server, the other encrypts its next write within two seconds, and the stored values after the pass', async () => {
    // Written on b before the rule: clear.
    const before = await b.fhir('POST', 'Patient', patient('555-0171'));
    expect(before.status).toBe(201);
    expect(await storedContent(b, before.body.id)).toContain('555-0171');

    const marked = await call(a.url, 'POST', '/api/v1/admin/sensitive-elements', a.adminToken, { path: 'Patient.telecom.value' });
    expect(marked.status).toBe(201);
    await new Promise((done) => setTimeout(done, 2000));
    const after = await b.fhir('POST', 'Patient', patient('555-0172'));
    expect(after.status).toBe(201);
    expect(await storedContent(b, after.body.id)).not.toContain('555-0172');
    expect((await b.fhir('GET', `Patient/${after.body.id}`)).body.telecom[0].value).toBe('555-0172');

    // The pass has encrypted what b had stored before the rule; both servers read it in clear.
    for (let i = 0; i < 200; i++) {
      const r = await call(a.url, 'GET', '/api/v1/admin/sensitive-elements', a.adminToken);
      if (r.body.applying === null) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(await storedContent(a, before.body.id)).not.toContain('555-0171');
    expect((await a.fhir('GET', `Patient/${before.body.id}`)).body.telecom[0].value).toBe('555-0171');
    expect((await b.fhir('GET', `Patient?phone=555-0171`)).body.entry).toHaveLength(1);
  });
});
