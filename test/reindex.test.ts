/**
 * Search after an upgrade: resources stored before a change to index extraction (here,
 * before the composite and full-text tables existed, simulated by deleting their rows)
 * are missing from the new searches until their index is rebuilt. `hale reindex` rebuilds
 * it by hand; a server does it by itself after the migration that asks for it, and
 * resumes an interrupted rebuild. Content, versions, history and audit stay untouched;
 * deleted resources stay out; an encrypted SSN is indexed as its keyed hash, as on a write.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStoreForCli } from '../src/cli/open-store.ts';
import { loadConfig } from '../src/config.ts';
import type { Queryable } from '../src/db/types.ts';
import { KeyRing } from '../src/crypto/key-ring.ts';
import { SensitiveFields } from '../src/crypto/sensitive-fields.ts';
import { reindexResources } from '../src/fhir/store/reindex.ts';
import { LOCK_KEY_SQL } from '../src/db/advisory-lock.ts';
import { runHaleCommand } from './support/child-server.ts';
import { isolatedStore, startTestServer, type TestServer } from './support/test-server.ts';

const store = isolatedStore('reindex');
const config = loadConfig(store.env);

const LOINC = 'http://loinc.org';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const SSN = '999-44-5566';
const OBSERVATIONS = 12;
const obsId = (i: number) => `obs-${String(i).padStart(2, '0')}`;
const ALL_OBS = Array.from({ length: OBSERVATIONS }, (_, k) => obsId(k + 1));
const DELETED = 'obs-03';
const LIVE_OBS = ALL_OBS.filter((id) => id !== DELETED);

const SEARCHES = {
  composite: `Observation?component-code-value-quantity=${LOINC}|8480-6$gt100`,
  content: 'Observation?_content=tremor',
  narrative: 'Patient?_text=marker',
  ofType: `Patient?identifier:of-type=${V2_0203}|MR|MRN-RX1`,
  ssn: `Patient?identifier=http://hl7.org/fhir/sid/us-ssn|${SSN}`,
};

const seed = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      request: { method: 'PUT', url: 'Patient/rx-patient' },
      resource: {
        resourceType: 'Patient',
        id: 'rx-patient',
        text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Reindex marker patient</div>' },
        identifier: [
          { type: { coding: [{ system: V2_0203, code: 'MR' }] }, system: 'http://hospital.example/mrn', value: 'MRN-RX1' },
          { type: { coding: [{ system: V2_0203, code: 'SS' }] }, system: 'http://hl7.org/fhir/sid/us-ssn', value: SSN },
        ],
        name: [{ family: 'Rebuild', given: ['Ria'] }],
      },
    },
    ...ALL_OBS.map((id, k) => ({
      request: { method: 'PUT', url: `Observation/${id}` },
      resource: {
        resourceType: 'Observation',
        id,
        status: 'final',
        code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }] },
        subject: { reference: 'Patient/rx-patient' },
        effectiveDateTime: '2024-03-01T09:00:00Z',
        note: [{ text: `Hand tremor noted at visit ${k + 1}` }],
        component: [
          {
            code: { coding: [{ system: LOINC, code: '8480-6' }] },
            valueQuantity: { value: 120 + k, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
          },
          {
            code: { coding: [{ system: LOINC, code: '8462-4' }] },
            valueQuantity: { value: 80, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
          },
        ],
      },
    })),
  ],
};

/** Opens the store as a command would (the folder lock included), runs fn, closes it. */
async function withStore<T>(fn: (db: Queryable) => Promise<T>): Promise<T> {
  const opened = await openStoreForCli(config, 'test');
  try {
    return await fn(opened.db);
  } finally {
    await opened.close();
  }
}

function startServer(): Promise<TestServer> {
  return startTestServer(store.env, { memoryDb: false, dataDir: store.dataDir });
}

async function ids(s: TestServer, query: string): Promise<string[]> {
  const r = await s.fhir('GET', query);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return ((r.body.entry ?? []) as { resource: { id: string } }[]).map((e) => e.resource.id).sort();
}

async function searchResults(s: TestServer): Promise<Record<keyof typeof SEARCHES, string[]>> {
  const out = {} as Record<keyof typeof SEARCHES, string[]>;
  for (const [name, query] of Object.entries(SEARCHES)) out[name as keyof typeof SEARCHES] = await ids(s, query);
  return out;
}

const FOUND_ALL = {
  composite: LIVE_OBS,
  content: LIVE_OBS,
  narrative: ['rx-patient'],
  ofType: ['rx-patient'],
  ssn: ['rx-patient'],
};
const FOUND_NONE = { composite: [], content: [], narrative: [], ofType: [], ssn: [] };

/** What an index written before the upgrade lacks; plus the SSN's token rows, to see them rebuilt hashed. */
async function simulateOldIndex(db: Queryable): Promise<void> {
  await db.query('DELETE FROM sp_composite');
  await db.query('DELETE FROM sp_text');
  await db.query("DELETE FROM sp_token WHERE resource_type = 'Patient' AND param = 'identifier'");
}

async function identifierTokens(db: Queryable): Promise<string[]> {
  const r = await db.query<{ code: string }>(
    "SELECT code FROM sp_token WHERE resource_type = 'Patient' AND resource_id = 'rx-patient' AND param = 'identifier' ORDER BY code",
  );
  return r.rows.map((row) => row.code);
}

/** Everything a reindex must leave alone. */
async function untouched(db: Queryable) {
  const resources = await db.query(
    'SELECT resource_type, id, version_id, last_updated::text AS at, deleted, content FROM resource ORDER BY resource_type, id',
  );
  const counts = await db.query<{ history: string; audit: string }>(
    'SELECT (SELECT count(*) FROM resource_history)::text AS history, (SELECT count(*) FROM audit_event)::text AS audit',
  );
  return { resources: resources.rows, ...counts.rows[0]! };
}

async function waitForNoPendingReindex(db: Queryable): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM hale_reindex WHERE done_at IS NULL');
    if (r.rows[0]!.n === '0') return;
    if (Date.now() > deadline) throw new Error('the background reindex did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let normalWriteTokens: string[] = [];
let foundAfterWrite: Record<string, string[]> = {};
let foundWithOldIndex: Record<string, string[]> = {};

beforeAll(async () => {
  const s = await startServer();
  try {
    const r = await s.fhir('POST', '', seed);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await s.fhir('DELETE', `Observation/${DELETED}`)).status).toBe(200);
    foundAfterWrite = await searchResults(s);
    normalWriteTokens = await identifierTokens(s.hale.db);
    await simulateOldIndex(s.hale.db);
    foundWithOldIndex = await searchResults(s);
  } finally {
    await s.stop();
  }
});

afterAll(() => store.cleanup());

it('a normal write indexes the SSN as its keyed hash; an index from before the upgrade misses the resources', () => {
  expect(normalWriteTokens).toHaveLength(2);
  expect(normalWriteTokens).toContain('MRN-RX1');
  expect(normalWriteTokens.find((c) => c !== 'MRN-RX1')).toMatch(/^hmac:/);
  expect(normalWriteTokens.join(' ')).not.toMatch(/999|5566/);
  expect(foundAfterWrite).toEqual(FOUND_ALL);
  expect(foundWithOldIndex).toEqual(FOUND_NONE);
});

it('hale reindex brings back what searches missed, touching no content, version, history or audit', async () => {
  const before = await withStore(async (db) => {
    await db.query("INSERT INTO hale_reindex (reason) VALUES ('test: extraction changed')");
    return untouched(db);
  });
  expect(before.resources.map((r) => `${r.resource_type}/${r.id}`)).toEqual([
    ...ALL_OBS.map((id) => `Observation/${id}`),
    'Patient/rx-patient',
  ]);

  const run = await runHaleCommand(['reindex', '--batch', '5'], store.env);
  expect(run.code, run.output).toBe(0);
  expect(run.output).toMatch(/Reindexing 12 resources \(all types\), 5 per batch\./);
  expect(run.output).toMatch(/Reindexing: 4\/12 resources, \d+ resources\/s, now in Observation/);
  expect(run.output).toMatch(/Reindexing: 12\/12 resources, \d+ resources\/s, now in Patient/);
  expect(run.output).toMatch(/Reindexed 12 resources in [\d.]+ s/);
  expect(run.output).toMatch(/Observation\s+11\n\s+Patient\s+1\n/);
  expect(run.output).toMatch(/Deleted resources kept out of the index: 1\./);
  expect(run.output).toMatch(/Marked 1 pending reindex request\(s\) done\./);

  await withStore(async (db) => {
    expect(await untouched(db)).toEqual(before);
    expect(await identifierTokens(db)).toEqual(normalWriteTokens);
    const pending = await db.query("SELECT reason FROM hale_reindex WHERE done_at IS NULL AND reason LIKE 'test:%'");
    expect(pending.rows).toEqual([]);
  });

  const s2 = await startServer();
  try {
    expect(await searchResults(s2)).toEqual(FOUND_ALL);
    const patient = await s2.fhir('GET', 'Patient/rx-patient');
    expect(patient.headers.get('etag')).toBe('W/"1"');
    expect(patient.body.identifier[1].value).toBe(SSN);
  } finally {
    await s2.stop();
  }
});

it('hale reindex refuses bad flags, naming them', async () => {
  const bad = await runHaleCommand(['reindex', '--type', 'Patient,Nonsense'], store.env);
  expect(bad.code).toBe(2);
  expect(bad.output).toMatch(/--type: not an R4 resource type: Nonsense/);
});

it('hale reindex refuses while another process has the store or is rebuilding', async () => {
  if (store.env.DATABASE_URL) {
    // PostgreSQL: servers and commands share the database; one rebuild at a time (an advisory lock).
    // The lock is the store's own (keyed by its schema): held here by an outside session.
    const holder = new pg.Client({ connectionString: store.env.DATABASE_URL, options: `-c search_path=${store.env.HALE_DB_SCHEMA}` });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(${LOCK_KEY_SQL})`, ['reindex']);
      const run = await runHaleCommand(['reindex'], store.env);
      expect(run.code, run.output).toBe(2);
      expect(run.output).toMatch(/Another Hale process is rebuilding the search index now/);
    } finally {
      await holder.end();
    }
  } else {
    // Embedded: one process per data folder.
    await withStore(async () => {
      const run = await runHaleCommand(['reindex'], store.env);
      expect(run.code, run.output).toBe(2);
      expect(run.output).toMatch(/Stop the server, then run `hale reindex` again/);
    });
  }
});

it('a reindex of some types rebuilds only theirs', async () => {
  await withStore(async (db) => {
    await simulateOldIndex(db);
    const fields = await SensitiveFields.load(db, KeyRing.open({ dataDir: store.dataDir, env: {} }));
    const result = await reindexResources({ db, fields, types: ['Patient'] });
    expect([result.status, result.resources, [...result.byType]]).toEqual(['finished', 1, [['Patient', 1]]]);
    expect(await identifierTokens(db)).toEqual(normalWriteTokens);
    const composite = await db.query<{ t: string }>('SELECT DISTINCT resource_type AS t FROM sp_composite ORDER BY 1');
    expect(composite.rows.map((r) => r.t)).toEqual(['Patient']); // its :of-type rows; the Observations' are still missing
  });
});

it('after the upgrade migration, a server rebuilds the index by itself in the background', async () => {
  // A database from before migration 0008: its index lacks the rows 0005 added.
  await withStore(async (db) => {
    await simulateOldIndex(db);
    await db.query('DROP TABLE hale_reindex');
    // 0027 adds a column to that table: a database from before 0008 had not run it either.
    await db.query('DELETE FROM hale_migrations WHERE version IN (8, 27)');
  });
  const s = await startServer();
  try {
    await waitForNoPendingReindex(s.hale.db);
    const requests = await s.hale.db.query<{ reason: string; resources_done: string }>(
      'SELECT reason, resources_done::text FROM hale_reindex',
    );
    expect(requests.rows).toEqual([{ reason: expect.stringMatching(/migration 0005/), resources_done: '12' }]);
    expect(await searchResults(s)).toEqual(FOUND_ALL);
    expect(await identifierTokens(s.hale.db)).toEqual(normalWriteTokens);
  } finally {
    await s.stop();
  }
});

it('a rebuild stopped part-way resumes after the last resource it recorded', async () => {
  await withStore(async (db) => {
    await simulateOldIndex(db);
    // As a server killed after the batch that ended at obs-06 leaves it.
    await db.query(
      "INSERT INTO hale_reindex (reason, started_at, last_type, last_id, resources_done) VALUES ('test: resume', now(), 'Observation', 'obs-06', 5)",
    );
  });
  const s = await startServer();
  try {
    await waitForNoPendingReindex(s.hale.db);
    const after = LIVE_OBS.filter((id) => id > 'obs-06');
    expect(await searchResults(s)).toEqual({ ...FOUND_ALL, composite: after, content: after });
    const done = await s.hale.db.query<{ resources_done: string }>(
      "SELECT resources_done::text FROM hale_reindex WHERE reason = 'test: resume'",
    );
    expect(done.rows).toEqual([{ resources_done: String(5 + after.length + 1) }]);
  } finally {
    await s.stop();
  }
});
