/**
 * What a new user sees: the first start creates the schema, generates secrets (0600) and
 * loads demo data; the second start finds the same data and secrets; HALE_DEMO=0 starts empty.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startChildServer, type ChildServer } from './support/child-server.ts';
import { isolatedStore, testDatabaseUrl, type IsolatedStore } from './support/test-server.ts';

const stores: IsolatedStore[] = [];
function freshEnv(extra: Record<string, string> = {}): Record<string, string> {
  const store = isolatedStore('first', extra);
  stores.push(store);
  return store.env;
}
afterAll(async () => {
  for (const s of stores) await s.cleanup();
});

async function total(server: ChildServer, type: string): Promise<number> {
  const r = await server.fetch(`${server.url}/fhir/R4/${type}?_summary=count&_total=accurate`);
  return ((await r.json()) as { total: number }).total;
}

describe('first start', () => {
  it('loads demo data once, generates secrets once, and finds both again on the next start', async () => {
    const env = freshEnv({ HALE_DEMO: '1', LOG_LEVEL: 'info' });
    // The first start as a new user makes it: `npm start` (which builds the server, then runs it).
    const first = await startChildServer(env, 60_000, true);
    let counts: number[];
    try {
      counts = [
        await total(first, 'Patient'),
        await total(first, 'Practitioner'),
        await total(first, 'Organization'),
        await total(first, 'Observation'),
      ];
      expect(counts[0]).toBeGreaterThanOrEqual(5);
      expect(counts[1]).toBeGreaterThan(0);
      expect(counts[2]).toBeGreaterThan(0);
      expect(counts[3]).toBeGreaterThan(100);
      expect(first.output()).toMatch(/demo data loaded/);
      expect(first.output()).toMatch(/> node dist\/server\.mjs/); // npm's echo of the start script
    } finally {
      await first.stop();
    }
    const secretsFile = path.join(env.HALE_DATA_DIR!, 'secrets.json');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const secrets = readFileSync(secretsFile, 'utf8');

    const second = await startChildServer(env);
    try {
      expect([
        await total(second, 'Patient'),
        await total(second, 'Practitioner'),
        await total(second, 'Organization'),
        await total(second, 'Observation'),
      ]).toEqual(counts);
      expect(second.output()).not.toMatch(/demo data loaded/);
      expect(second.output()).not.toMatch(/migrations applied/);
    } finally {
      await second.stop();
    }
    expect(readFileSync(secretsFile, 'utf8')).toBe(secrets);
  }, 180_000);

  it('starts empty with HALE_DEMO=0, and warns about the embedded engine, recommending PostgreSQL', async () => {
    const server = await startChildServer(freshEnv({ HALE_DEMO: '0' }));
    try {
      expect(await total(server, 'Patient')).toBe(0);
      if (testDatabaseUrl()) expect(server.output()).not.toMatch(/does not fsync/);
      else expect(server.output()).toMatch(/does not fsync.*PostgreSQL server \(DATABASE_URL\)/);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
