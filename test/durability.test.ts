/**
 * No acknowledged write is lost when the server is killed with SIGKILL under a write
 * load (5 rounds on one database, each restart checked), and SIGTERM lets an in-flight
 * request finish.
 * Runs on the embedded engine, or on PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from './support/child-server.ts';
import { isolatedStore } from './support/test-server.ts';

const store = isolatedStore('durability');
const env = store.env;
afterAll(() => store.cleanup());

async function createPatient(server: ChildServer, n: number): Promise<string | undefined> {
  try {
    const r = await server.fetch(`${server.url}/fhir/R4/Patient`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', prefer: 'return=minimal' },
      body: JSON.stringify({ resourceType: 'Patient', name: [{ family: `Durable${n}` }] }),
    });
    if (r.status !== 201) return undefined;
    return r.headers.get('location')!.split('/fhir/R4/')[1]!.split('/_history')[0];
  } catch {
    return undefined; // the connection died with the server: not acknowledged
  }
}

/** Acknowledged ids that the restarted server does not find (searched by _id, 500 at a time). */
async function missingAfterRestart(server: ChildServer, ids: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500).map((id) => id.replace('Patient/', ''));
    const r = await server.fetch(`${server.url}/fhir/R4/Patient/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _id: chunk.join(','), _count: '500', _elements: 'id' }),
    });
    expect(r.status).toBe(200);
    for (const e of ((await r.json()) as { entry?: { resource: { id: string } }[] }).entry ?? []) found.add(`Patient/${e.resource.id}`);
  }
  return ids.filter((id) => !found.has(id));
}

/** Kills per run (the issue asks for at least 5), each at a different moment of the write load. */
const KILLS = 5;

describe('durability', () => {
  it('loses no acknowledged write across 5 SIGKILLs under load', async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < KILLS; round++) {
      const server = await startChildServer(env);
      // Each start after a kill is a restart: everything acknowledged before the kill is there.
      if (round > 0) expect(await missingAfterRestart(server, acknowledged), `after SIGKILL ${round}`).toEqual([]);
      let stop = false;
      let n = 0;
      const writers = Array.from({ length: 8 }, async () => {
        while (!stop) {
          const id = await createPatient(server, n++);
          if (id) acknowledged.push(id);
        }
      });
      // Kill once the round has some acknowledged writes (a busy CI machine writes slower), at a
      // moment that differs per round, so the kill lands in the middle of writes.
      const before = acknowledged.length;
      const deadline = Date.now() + 30_000;
      while (acknowledged.length - before < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100 + round * 70));
      server.proc.kill('SIGKILL');
      await server.exited;
      stop = true;
      await Promise.all(writers);
    }
    expect(acknowledged.length).toBeGreaterThan(5 * KILLS);
    const server = await startChildServer(env);
    try {
      const missing = await missingAfterRestart(server, acknowledged);
      // and each one reads back by id, as a client would fetch it
      for (const id of acknowledged.slice(-5)) expect((await server.fetch(`${server.url}/fhir/R4/${id}`)).status).toBe(200);
      console.log(`SIGKILL x${KILLS}: ${acknowledged.length} acknowledged writes, ${missing.length} missing after restart`);
      expect(missing).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
    const server = await startChildServer(env);
    // Signed in first: the bundle itself must be what is in flight when SIGTERM comes.
    expect((await server.fetch(`${server.url}/api/v1/auth/me`)).status).toBe(200);
    const entry = Array.from({ length: 1500 }, (_, i) => ({
      resource: { resourceType: 'Observation', status: 'final', code: { text: `graceful ${i}` } },
      request: { method: 'POST', url: 'Observation' },
    }));
    const inFlight = server.fetch(`${server.url}/fhir/R4`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', prefer: 'return=minimal' },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry }),
    });
    await new Promise((r) => setTimeout(r, 150));
    server.proc.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { entry: unknown[] };
    expect(body.entry).toHaveLength(1500);
    expect(await server.exited).toBe(0);
    // and it is all there after a restart
    const again = await startChildServer(env);
    try {
      const r = await again.fetch(`${again.url}/fhir/R4/Observation?_summary=count&_total=accurate`);
      expect(((await r.json()) as { total: number }).total).toBeGreaterThanOrEqual(1500);
    } finally {
      await again.stop();
    }
  });
});
