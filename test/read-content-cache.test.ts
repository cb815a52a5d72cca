/**
 * The content cache (src/fhir/store/content-cache.ts) as a user meets it: a repeated read
 * answers the same resource without the database sending its content again, and nothing
 * the cache holds is ever served in place of a newer version, a deletion, another
 * instance's write, a rolled-back transaction's version, or an access check.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../src/access/accounts.ts';
import { FhirRepository } from '../src/fhir/store/repository.ts';
import { systemContext } from '../src/fhir/acting-context.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { call, login } from './support/api-client.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

const SSN = '999-52-1187';
const patient = (family: string) => ({
  resourceType: 'Patient',
  name: [{ family, given: ['Ada'] }],
  identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: SSN }],
});

async function created(family: string): Promise<string> {
  const r = await s.fhir('POST', 'Patient', patient(family));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

/** The contents the database sent back for reads of Patient/id while `fn` ran (null: left out). */
async function contentsSent(id: string, fn: () => Promise<void>): Promise<(string | null)[]> {
  const sent: (string | null)[] = [];
  // A read may run on the pool that commits without waiting for the disk flush (its audit record is in its statement).
  const pools = [s.hale.db, s.hale.db.relaxedCommit].filter((p) => p !== undefined);
  const spies = pools.map((db) => {
    const query = db.query.bind(db);
    return vi.spyOn(db, 'query').mockImplementation(async (sql, params, opts) => {
      const r = await query(sql, params, opts);
      for (const row of r.rows as { resource_type?: string; id?: string; content?: string | null }[]) {
        if (row.resource_type === 'Patient' && row.id === id && 'content' in row) sent.push(row.content ?? null);
      }
      return r;
    });
  });
  try {
    await fn();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return sent;
}

describe('reading the same version again', () => {
  it('answers the same resource, sensitive values in clear, and the database leaves the content out', async () => {
    const id = await created('Cached');
    let first: Record<string, unknown> = {};
    let second: Record<string, unknown> = {};
    const sent = await contentsSent(id, async () => {
      first = (await s.fhir('GET', `Patient/${id}`)).body;
      second = (await s.fhir('GET', `Patient/${id}`)).body;
    });
    expect(second).toEqual(first);
    expect((first.identifier as { value: string }[])[0]!.value).toBe(SSN);
    // The create answered from the content it wrote, so the first read fetches the content once; the second does not.
    expect(sent.map((c) => (c === null ? 'left out' : 'sent'))).toEqual(['sent', 'left out']);
    // Every read is still audited.
    const reads = await s.hale.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_event WHERE action = 'read' AND resource_type = 'Patient' AND resource_id = $1`,
      [id],
    );
    expect(Number(reads.rows[0]!.n)).toBe(2);
  });
});

describe('what the cache never hides', () => {
  it('a new version, written here or by another instance, and a deletion', async () => {
    const id = await created('Versioned');
    expect((await s.fhir('GET', `Patient/${id}`)).body.meta.versionId).toBe('1');

    const put = await s.fhir('PUT', `Patient/${id}`, { ...patient('Renamed'), id });
    expect(put.status).toBe(200);
    const afterPut = await s.fhir('GET', `Patient/${id}`);
    expect([afterPut.body.meta.versionId, afterPut.body.name[0].family]).toEqual(['2', 'Renamed']);

    // Another instance behind the load balancer: the same database, a cache of its own (here none).
    const other = new FhirRepository(s.hale.db, systemContext('another instance'), { ...s.hale.guard, contents: undefined });
    await other.update('Patient', id, { ...patient('Elsewhere'), id });
    const afterOther = await s.fhir('GET', `Patient/${id}`);
    expect([afterOther.body.meta.versionId, afterOther.body.name[0].family]).toEqual(['3', 'Elsewhere']);

    expect([200, 204]).toContain((await s.fhir('DELETE', `Patient/${id}`)).status);
    expect((await s.fhir('GET', `Patient/${id}`)).status).toBe(410);
  });

  it("a rolled-back transaction's version, though its number is written again with other content", async () => {
    const id = await created('Committed');
    expect((await s.fhir('GET', `Patient/${id}`)).body.name[0].family).toBe('Committed');

    // Version 2 is written and read inside a transaction that then fails (an entry asks for a resource that does not exist).
    const bundle = await s.fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { ...patient('RolledBack'), id }, request: { method: 'PUT', url: `Patient/${id}` } },
        { request: { method: 'GET', url: `Patient/${id}` } },
        { request: { method: 'GET', url: 'Patient/no-such-patient' } },
      ],
    });
    expect(bundle.status).toBeGreaterThanOrEqual(400);
    const still = await s.fhir('GET', `Patient/${id}`);
    expect([still.body.meta.versionId, still.body.name[0].family]).toEqual(['1', 'Committed']);

    const put = await s.fhir('PUT', `Patient/${id}`, { ...patient('SecondTime'), id });
    expect(put.body.meta.versionId).toBe('2');
    const read = await s.fhir('GET', `Patient/${id}`);
    expect([read.body.meta.versionId, read.body.name[0].family]).toEqual(['2', 'SecondTime']);
  });

  it('the access check: a user outside the care relationship is refused a resource the cache holds', async () => {
    const id = await created('Guarded');
    expect((await s.fhir('GET', `Patient/${id}`)).status).toBe(200);
    const password = 'a long and unusual passphrase 9';
    await createUser(s.hale.db, { username: 'cache-outsider', roles: ['doctor'], password }, false);
    const token = (await login(s.url, 'cache-outsider', password)).body.accessToken as string;
    const r = await call(s.url, 'GET', `/fhir/R4/Patient/${id}`, token);
    expect(r.status).toBe(403);
    expect(JSON.stringify(r.body)).not.toContain('Guarded');
  });
});
