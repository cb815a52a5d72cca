/**
 * Resource content over about 2 kB is stored compressed with lz4 where the database server
 * has it (migration 0025), pglz otherwise (the embedded engine), and reads back unchanged
 * either way, also the versions stored before the change of method.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

/** Whether this database server was built with lz4: setting it as the default fails otherwise. */
async function serverHasLz4(): Promise<boolean> {
  try {
    await s.hale.db.transaction(async (tx) => {
      await tx.query("SELECT set_config('default_toast_compression', 'lz4', true)");
    });
    return true;
  } catch {
    return false;
  }
}

const compressionOf = async (table: 'resource' | 'resource_history', id: string, version: number) =>
  (
    await s.hale.db.query<{ method: string | null }>(
      `SELECT pg_column_compression(content) AS method FROM ${table} WHERE resource_type = 'Patient' AND id = $1 AND version_id = $2`,
      [id, version],
    )
  ).rows[0]?.method;

describe('stored content', () => {
  it('is compressed with lz4 where the server has it, and reads back unchanged', async () => {
    const note = (n: number) => `Patient prefers morning appointments; interpreter for Yoruba. `.repeat(n);
    const big = { resourceType: 'Patient', name: [{ family: 'Large', given: ['Content'], text: note(60) }] };
    const created = await s.fhir('POST', 'Patient', big);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const expected = (await serverHasLz4()) ? 'lz4' : 'pglz';
    expect(await compressionOf('resource', id, 1)).toBe(expected);

    // A newer version moves the older content into history, compressed the same way.
    const updated = await s.fhir('PUT', `Patient/${id}`, { ...big, id, name: [{ family: 'Larger', text: note(70) }] });
    expect(updated.status).toBe(200);
    expect(await compressionOf('resource_history', id, 1)).toBe(expected);
    const v1 = await s.fhir('GET', `Patient/${id}/_history/1`);
    expect(v1.body.name).toEqual(big.name);
    const current = await s.fhir('GET', `Patient/${id}`);
    expect(current.body.name[0].text).toBe(note(70));
  });
});
