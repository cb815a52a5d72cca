/**
 * Field encryption on a real database (PGlite, or PostgreSQL with DATABASE_URL): what the
 * SQL tables hold, key rotation while reads go on, and resuming an interrupted rotation.
 * Rows are written the way the store writes them (protect(), then the resource and
 * resource_history rows), without going through the HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../src/db/types.ts';
import { KeyRing } from '../src/crypto/key-ring.ts';
import { SensitiveFields } from '../src/crypto/sensitive-fields.ts';
import { RotationRefusedError, rotateKeys } from '../src/crypto/rotate.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const SSN_SYSTEM = 'http://hl7.org/fhir/sid/us-ssn';
const PATIENTS = 60;
const ssnOf = (i: number) => `${String(100 + i).padStart(3, '0')}-45-${String(6000 + i)}`;
const subscriberOf = (i: number) => `SUB-${77000 + i}`;

let server: TestServer;
let db: Queryable;
let ring: KeyRing;
let fields: SensitiveFields;

type Resource = { resourceType: string; id: string; [k: string]: unknown };

/** Writes every version of each resource as the store does: protected JSON in resource_history, the last in resource. */
async function writeProtected(q: Queryable, versionsOf: Resource[][]): Promise<void> {
  const cur: [string[], string[], number[], string[]] = [[], [], [], []];
  const hist: [string[], string[], number[], string[]] = [[], [], [], []];
  for (const versions of versionsOf) {
    versions.forEach((r, n) => {
      const versioned = { ...r, meta: { versionId: String(n + 1), lastUpdated: '2024-05-01T10:00:00.000Z' } };
      const json = JSON.stringify(fields.protect(versioned).resource);
      const row = [r.resourceType, r.id, n + 1, json] as const;
      row.forEach((v, k) => (hist[k] as unknown[]).push(v));
      if (n === versions.length - 1) row.forEach((v, k) => (cur[k] as unknown[]).push(v));
    });
  }
  await q.query(
    `INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, method, content)
     SELECT t, i, v, now(), false, 'PUT', c FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) AS x(t, i, v, c)`,
    hist,
  );
  await q.query(
    `INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content)
     SELECT t, i, v, now(), false, c FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) AS x(t, i, v, c)`,
    cur,
  );
}

const patient = (i: number, family: string): Resource => ({
  resourceType: 'Patient',
  id: `fe-p-${i}`,
  identifier: [
    { system: 'http://hospital.example/mrn', value: `MRN-${i}` },
    { system: SSN_SYSTEM, value: ssnOf(i) },
  ],
  name: [{ family }],
});

const coverage = (i: number): Resource => ({
  resourceType: 'Coverage',
  id: `fe-c-${i}`,
  status: 'active',
  subscriberId: subscriberOf(i),
  beneficiary: { reference: `Patient/fe-p-${i}` },
  payor: [{ reference: 'Organization/payer' }],
});

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return Number((await db.query<{ n: string }>(`SELECT (${sql})::text AS n`, params)).rows[0]!.n);
}

const rowsWithKid = (kid: string) =>
  count(`(SELECT count(*) FROM resource WHERE content LIKE $1) + (SELECT count(*) FROM resource_history WHERE content LIKE $1)`, [
    `%"hale-enc:v1:${kid}:%`,
  ]);

/** Reads every current and history row, reveals it with `reader`, and checks the clear values; returns the kids seen in storage. */
async function readAllAndCheck(reader: SensitiveFields): Promise<Set<string>> {
  const kids = new Set<string>();
  for (const table of ['resource', 'resource_history']) {
    const r = await db.query<{ resource_type: string; id: string; content: string }>(
      `SELECT resource_type, id, content FROM ${table} WHERE id LIKE 'fe-%'`,
    );
    for (const row of r.rows) {
      for (const m of row.content.matchAll(/"hale-enc:v1:([A-Za-z0-9-]+):/g)) kids.add(m[1]!);
      const clear = JSON.parse(reader.revealJson(row.content)) as Record<string, any>;
      const i = Number(row.id.split('-')[2]);
      if (row.resource_type === 'Patient') expect(clear.identifier[1].value).toBe(ssnOf(i));
      else expect(clear.subscriberId).toBe(subscriberOf(i));
    }
  }
  return kids;
}

beforeAll(async () => {
  server = await startTestServer();
  db = server.hale.db;
  ring = KeyRing.open({ dataDir: server.config.dataDir, seedKey: server.hale.secrets.fieldKey, autoReloadMs: 0 });
  fields = await SensitiveFields.load(db, ring);
  const versions: Resource[][] = [];
  for (let i = 0; i < PATIENTS; i++) versions.push([patient(i, `Before${i}`), patient(i, `After${i}`)]);
  for (let i = 0; i < 10; i++) versions.push([coverage(i)]);
  await writeProtected(db, versions);
});

afterAll(async () => {
  await server?.stop();
});

const TOTAL_ROWS = PATIENTS * 3 + 10 * 2; // patients: 2 history + 1 current; coverages: 1 + 1

describe('field encryption in the database', () => {
  it('stores no SSN or subscriber id in clear, in current or history rows; the MRN stays clear', async () => {
    for (const table of ['resource', 'resource_history']) {
      expect(await count(`SELECT count(*) FROM ${table} WHERE content LIKE '%-45-60%'`)).toBe(0);
      expect(await count(`SELECT count(*) FROM ${table} WHERE content LIKE '%SUB-77%'`)).toBe(0);
      expect(await count(`SELECT count(*) FROM ${table} WHERE content LIKE '%"MRN-1"%'`)).toBeGreaterThan(0);
    }
    expect(await rowsWithKid('k1')).toBe(TOTAL_ROWS);
    await readAllAndCheck(fields);
  });

  it('rotates k1 -> k2 while reads go on; afterwards no row holds k1, which stays in the ring (retired)', async () => {
    // A second reader, like another server: it has never seen k2 and learns it by reloading.
    const otherServer = new SensitiveFields(
      KeyRing.open({ dataDir: server.config.dataDir, seedKey: server.hale.secrets.fieldKey, autoReloadMs: 0 }),
    );
    const hashBefore = fields.hashForSearch('Patient', 'identifier', SSN_SYSTEM, ssnOf(7));
    let done = false;
    let loopReads = 0;
    const failures: unknown[] = [];
    const readLoop = (async () => {
      while (!done) {
        try {
          await readAllAndCheck(otherServer);
          loopReads++;
        } catch (err) {
          failures.push(err);
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    const kidsSeenMidway: Set<string>[] = [];
    let result;
    try {
      result = await rotateKeys({
        db: server.hale.db,
        keyRing: ring,
        batchSize: 16,
        // Between batches: both kids are stored side by side and everything still reads.
        onProgress: async () => void kidsSeenMidway.push(await readAllAndCheck(otherServer)),
      });
    } finally {
      done = true;
      await readLoop;
    }
    expect(failures).toEqual([]);
    expect(loopReads).toBeGreaterThan(0);
    expect(kidsSeenMidway.some((k) => k.has('k1') && k.has('k2'))).toBe(true);

    expect(result).toMatchObject({ status: 'finished', toKid: 'k2', fromKids: ['k1'], addedKey: true, resumed: false });
    expect(result.rowsDone).toBe(TOTAL_ROWS);
    expect(result.resourceRows + result.historyRows).toBe(TOTAL_ROWS);
    expect(await rowsWithKid('k1')).toBe(0);
    expect(await rowsWithKid('k2')).toBe(TOTAL_ROWS);
    expect(ring.kids).toEqual(['k1', 'k2']);
    expect(ring.activeKid).toBe('k2');
    expect(ring.retiredKids).toEqual(['k1']);
    // Rows were updated in place: no new versions.
    expect(await count(`SELECT count(*) FROM resource_history WHERE id LIKE 'fe-%'`)).toBe(PATIENTS * 2 + 10);
    // The blind index did not change with the key, so the search index needs no rebuild.
    expect(fields.hashForSearch('Patient', 'identifier', SSN_SYSTEM, ssnOf(7))).toBe(hashBefore);
    await readAllAndCheck(fields);
    const row = (
      await db.query<{ status: string; rows_done: string }>(`SELECT status, rows_done::text FROM field_key_rotation WHERE id = $1`, [
        result.rotationId,
      ])
    ).rows[0];
    expect(row).toEqual({ status: 'finished', rows_done: String(TOTAL_ROWS) });
  });

  it('resumes a rotation stopped after its first batch', async () => {
    const stop = new AbortController();
    const first = await rotateKeys({ db, keyRing: ring, batchSize: 10, signal: stop.signal, onProgress: () => stop.abort() });
    expect(first).toMatchObject({ status: 'interrupted', toKid: 'k3', addedKey: true, rowsDone: 10 });
    expect(first.remaining).toBe(TOTAL_ROWS - 10);
    expect(await rowsWithKid('k3')).toBe(10);
    await readAllAndCheck(fields); // a half-done rotation reads fine

    const second = await rotateKeys({ db, keyRing: ring, batchSize: 25 });
    expect(second).toMatchObject({ status: 'finished', rotationId: first.rotationId, toKid: 'k3', resumed: true, addedKey: false });
    expect(second.rowsDone).toBe(TOTAL_ROWS);
    expect(second.resourceRows + second.historyRows).toBe(TOTAL_ROWS - 10);
    expect(await rowsWithKid('k2')).toBe(0);
    expect(ring.kids).toEqual(['k1', 'k2', 'k3']); // the resume added no key
    expect(ring.retiredKids.sort()).toEqual(['k1', 'k2']);
  });

  it('resumes a rotation whose process died mid-way (in the history table)', async () => {
    let batches = 0;
    await expect(
      rotateKeys({
        db,
        keyRing: ring,
        batchSize: 40,
        onProgress: (p) => {
          if (++batches === 3) throw new Error(`killed in ${p.table}`);
        },
      }),
    ).rejects.toThrow(/killed in resource_history/);
    const running = (
      await db.query<{ last_table: string; rows_done: string }>(
        `SELECT last_table, rows_done::text FROM field_key_rotation WHERE status = 'running'`,
      )
    ).rows;
    // 70 current rows in two batches (40 + 30), then one batch of 40 history rows committed before the crash.
    expect(running).toEqual([{ last_table: 'resource_history', rows_done: '110' }]);

    const resumed = await rotateKeys({ db, keyRing: ring, batchSize: 40 });
    expect(resumed).toMatchObject({ status: 'finished', toKid: 'k4', resumed: true });
    expect(await rowsWithKid('k3')).toBe(0);
    expect(await rowsWithKid('k4')).toBe(TOTAL_ROWS);
    await readAllAndCheck(fields);
  });

  it('with keys from HALE_FIELD_KEYS: refuses to add a key, re-encrypts once the operator has added one', async () => {
    const file = JSON.parse((await import('node:fs')).readFileSync(`${server.config.dataDir}/field-keys.json`, 'utf8'));
    const envRing = (extra: Record<string, string>, active: string) =>
      KeyRing.open({
        dataDir: server.config.dataDir,
        env: { HALE_FIELD_KEYS: JSON.stringify({ active, indexKid: 'k1', keys: { ...file.keys, ...extra } }) },
      });
    await expect(rotateKeys({ db, keyRing: envRing({}, 'k4') })).rejects.toThrow(RotationRefusedError);
    await expect(rotateKeys({ db, keyRing: envRing({}, 'k4') })).rejects.toThrow(/add a new key there/i);

    const withK5 = envRing({ k5: Buffer.alloc(32, 5).toString('base64') }, 'k5');
    const result = await rotateKeys({ db, keyRing: withK5 });
    expect(result).toMatchObject({ status: 'finished', toKid: 'k5', addedKey: false, retiredKids: [] });
    expect(await rowsWithKid('k5')).toBe(TOTAL_ROWS);
    await readAllAndCheck(new SensitiveFields(withK5));
  });
});
