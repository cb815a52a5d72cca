/**
 * An admin marks an element sensitive on a store that already holds values of it: the
 * running server encrypts them in the background (current rows and older versions, no new
 * version), replaces their search index rows with keyed hashes, and exact search still
 * finds them. Unmarking it puts clear values back in the index (the stored ciphertexts stay,
 * and stay readable).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { call } from './support/api-client.ts';

const PHONE = '555-0142';
const URL = '/api/v1/admin/sensitive-elements';
let s: TestServer;
const ids: Record<string, string> = {};

const admin = (method: string, path: string, body?: unknown) => call(s.url, method, path, s.adminToken, body);

/**
 * The Patient's stored rows that hold its number in clear: content (current and older
 * versions) and every search index table (the full-text row by its lexemes).
 */
async function clearCopies(): Promise<Record<string, number>> {
  const checks: Record<string, string> = {
    resource: `SELECT count(*) FROM resource WHERE id = $1 AND content LIKE '%' || $2 || '%'`,
    resource_history: `SELECT count(*) FROM resource_history WHERE id = $1 AND content LIKE '%' || $2 || '%'`,
    sp_token: `SELECT count(*) FROM sp_token WHERE resource_id = $1 AND (code LIKE '%' || $2 || '%' OR text_value LIKE '%' || $2 || '%')`,
    sp_string: `SELECT count(*) FROM sp_string WHERE resource_id = $1 AND value LIKE '%' || $2 || '%'`,
    sp_text: `SELECT count(*) FROM sp_text WHERE resource_id = $1 AND doc @@ to_tsquery('simple', replace($2, '-', ' & '))`,
  };
  const out: Record<string, number> = {};
  for (const [table, sql] of Object.entries(checks)) {
    const r = await s.hale.db.query<{ count: string }>(sql, [ids.patient, PHONE]);
    if (Number(r.rows[0]!.count) > 0) out[table] = Number(r.rows[0]!.count);
  }
  return out;
}

/** Waits until the server has applied every rule change (nothing pending in GET's `applying`). */
async function applied(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await admin('GET', URL);
    expect(r.status).toBe(200);
    if (r.body.applying === null) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error('the rule change was not applied within 20 s');
}

async function phoneSearch(): Promise<string[]> {
  const r = await s.fhir('GET', `Patient?phone=${PHONE}`);
  expect(r.status).toBe(200);
  return (r.body.entry ?? []).map((e: { resource: { id: string } }) => e.resource.id);
}

beforeAll(async () => {
  s = await startTestServer();
  const created = await s.fhir('POST', 'Patient', {
    resourceType: 'Patient',
    name: [{ family: 'Okafor' }],
    telecom: [{ system: 'phone', value: PHONE }],
  });
  expect(created.status).toBe(201);
  ids.patient = created.body.id;
  // A second version, so the first one (with the number) is kept in history.
  const updated = await s.fhir('PUT', `Patient/${ids.patient}`, { ...created.body, gender: 'female' });
  expect(updated.status).toBe(200);
  const obs = await s.fhir('POST', 'Observation', {
    resourceType: 'Observation',
    status: 'final',
    code: { text: `callback ${PHONE}` },
    subject: { reference: `Patient/${ids.patient}` },
  });
  expect(obs.status).toBe(201);
  ids.observation = obs.body.id;
}, 60_000);
afterAll(() => s?.stop());

describe('marking an element sensitive on stored data', () => {
  it('encrypts the values stored before, in every version, and hashes their index rows; reads and exact search still work', async () => {
    expect(await phoneSearch()).toEqual([ids.patient]);
    expect(await clearCopies()).toEqual({ resource: 1, resource_history: 1, sp_token: 2 });

    const added = await admin('POST', URL, { path: 'Patient.telecom.value' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    await applied();

    expect(await clearCopies()).toEqual({});
    const stored = await s.hale.db.query<{ content: string; version_id: string }>(
      'SELECT content, version_id::text FROM resource WHERE resource_type = $1 AND id = $2',
      ['Patient', ids.patient],
    );
    expect(stored.rows[0]!.content).toContain('hale-enc:v1:');
    expect(stored.rows[0]!.version_id).toBe('2'); // no new version

    const read = await s.fhir('GET', `Patient/${ids.patient}`);
    expect(read.body.telecom[0].value).toBe(PHONE);
    expect(read.body.meta.versionId).toBe('2');
    const first = await s.fhir('GET', `Patient/${ids.patient}/_history/1`);
    expect(first.body.telecom[0].value).toBe(PHONE);
    expect(await phoneSearch()).toEqual([ids.patient]);
    // Other types are not touched: the Observation keeps its clear text, still searchable.
    const observation = await s.hale.db.query<{ content: string }>('SELECT content FROM resource WHERE id = $1', [ids.observation]);
    expect(observation.rows[0]!.content).toContain(`callback ${PHONE}`);
    expect((await s.fhir('GET', `Observation?code:text=callback`)).body.entry).toHaveLength(1);
  });

  it('unmarking it indexes the values in clear again; the ciphertexts stay, and read as before', async () => {
    const removed = await admin('DELETE', `${URL}/Patient.telecom.value`);
    expect(removed.status).toBe(204);
    await applied();
    // The index holds the number again; the content keeps its ciphertexts.
    expect(await clearCopies()).toEqual({ sp_token: 2 });
    // Both changes are in the audit trail, with who made them.
    const changes = await s.hale.db.query<{ user_id: string; detail: { change: string; path: string } }>(
      "SELECT user_id, detail FROM audit_event WHERE action = 'sensitive-element' ORDER BY seq",
    );
    expect(changes.rows.map((r) => `${r.detail.change} ${r.detail.path}`)).toEqual([
      'marked Patient.telecom.value',
      'unmarked Patient.telecom.value',
    ]);
    expect(new Set(changes.rows.map((r) => r.user_id)).size).toBe(1);
    expect(await phoneSearch()).toEqual([ids.patient]);
    expect((await s.fhir('GET', `Patient/${ids.patient}`)).body.telecom[0].value).toBe(PHONE);
  });

  it('shows the pending work with its progress until it is done', async () => {
    // The request and the rule commit together: a GET straight after the POST sees either the
    // pass still pending, with the type and a total, or nothing left to do.
    const added = await admin('POST', URL, { path: 'Patient.telecom.value' });
    expect(added.status).toBe(201);
    const during = (await admin('GET', URL)).body.applying;
    if (during !== null) {
      expect(during.types).toEqual(['Patient']);
      expect(during.reasons.join()).toContain('Patient.telecom.value marked sensitive');
      expect(during.resourcesTotal).toBe(1);
    }
    await applied();
    expect(await clearCopies()).toEqual({});
  });
});
