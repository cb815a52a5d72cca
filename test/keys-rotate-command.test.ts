/**
 * `hale keys rotate` as an operator runs it, as its own process on a data folder (and, with
 * DATABASE_URL, a schema) of its own: it names the new key, shows progress, summarises,
 * and leaves field-keys.json private with both keys.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreForCli } from '../src/cli/open-store.ts';
import { loadConfig } from '../src/config.ts';
import { KeyRing } from '../src/crypto/key-ring.ts';
import { SensitiveFields } from '../src/crypto/sensitive-fields.ts';
import { migrate } from '../src/db/migrate.ts';
import { runHaleCommand } from './support/child-server.ts';
import { isolatedStore } from './support/test-server.ts';

const store = isolatedStore('keys-rotate');
const config = loadConfig(store.env);
const PATIENTS = 5;
const ssnOf = (i: number) => `321-54-${String(9870 + i)}`;

/** Opens the store as a command would (the folder lock included), runs fn, closes it. */
async function withStore<T>(fn: (db: Awaited<ReturnType<typeof openStoreForCli>>['db']) => Promise<T>): Promise<T> {
  const opened = await openStoreForCli(config, 'test');
  try {
    return await fn(opened.db);
  } finally {
    await opened.close();
  }
}

beforeAll(async () => {
  await withStore(async (db) => {
    await migrate(db);
    const fields = new SensitiveFields(KeyRing.open({ dataDir: store.dataDir, env: {} }));
    for (let i = 0; i < PATIENTS; i++) {
      for (const v of [1, 2]) {
        const p = {
          resourceType: 'Patient',
          id: `kr-${i}`,
          meta: { versionId: String(v), lastUpdated: '2024-05-01T10:00:00.000Z' },
          identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: ssnOf(i) }],
          active: v === 2,
        };
        const json = JSON.stringify(fields.protect(p).resource);
        await db.query(
          `INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, method, content) VALUES ('Patient', $1, $2, now(), false, 'PUT', $3)`,
          [p.id, v, json],
        );
        await db.query(
          `INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content) VALUES ('Patient', $1, $2, now(), false, $3)
           ON CONFLICT (resource_type, id) DO UPDATE SET version_id = EXCLUDED.version_id, content = EXCLUDED.content`,
          [p.id, v, json],
        );
      }
    }
  });
});

afterAll(async () => {
  await store.cleanup();
});

describe('hale keys rotate', () => {
  it('adds k2, re-encrypts with progress and a summary, and keeps field-keys.json 0600 with both keys', async () => {
    const keyFile = path.join(store.dataDir, 'field-keys.json');
    expect(JSON.parse(readFileSync(keyFile, 'utf8')).active).toBe('k1');

    const run = await runHaleCommand(['keys', 'rotate'], store.env);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/New key: k2 \(active from now on\)\. Re-encrypting values under k1\./);
    expect(run.output).toMatch(/15 stored rows \(current and history\) hold values under older keys/);
    expect(run.output).toMatch(/Re-encrypting: 5\/15 rows \(33%\), now in resource\b/);
    expect(run.output).toMatch(/Re-encrypting: 15\/15 rows \(100%\), now in resource_history/);
    expect(run.output).toMatch(/Rotation 1 finished: re-encrypted 15 rows \(5 current, 10 history\) with key k2/);
    expect(run.output).toMatch(/Retired keys \(kept so older values and backups stay readable\): k1\./);

    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const keys = JSON.parse(readFileSync(keyFile, 'utf8'));
    expect(Object.keys(keys.keys)).toEqual(['k1', 'k2']);
    expect(keys).toMatchObject({ active: 'k2', indexKid: 'k1', retired: ['k1'] });

    await withStore(async (db) => {
      const rows = (await db.query<{ content: string }>(`SELECT content FROM resource UNION ALL SELECT content FROM resource_history`))
        .rows;
      expect(rows.length).toBe(15);
      const fields = new SensitiveFields(KeyRing.open({ dataDir: store.dataDir, env: {} }));
      for (const { content } of rows) {
        expect(content).toContain('"hale-enc:v1:k2:');
        expect(content).not.toContain('hale-enc:v1:k1:');
        expect(JSON.parse(fields.revealJson(content)).identifier[0].value).toMatch(/^321-54-987\d$/);
      }
    });
  });
});
