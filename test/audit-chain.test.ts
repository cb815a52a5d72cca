/**
 * The audit trail resists tampering: after records are sealed into the HMAC chain, every
 * kind of edit made directly in SQL, including the ones a plain hash chain misses (edit and
 * recompute, deleting the newest rows), is found by the verifier and named precisely.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/verify-chain.ts';
import { PAGE_BYTES } from '../src/audit/seal.ts';
import { dropSchema, startTestServer, testDatabaseUrl, uniqueSchema, type TestServer } from './support/test-server.ts';
import { call } from './support/api-client.ts';

let s: TestServer | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const N = 2000;

// One server for the chain tests: each starts from an empty trail (records and checkpoint
// removed), so a test's tampering never reaches the next one.
let chainServer: TestServer;
beforeAll(async () => {
  chainServer = await startTestServer();
});
afterAll(async () => {
  await chainServer?.stop();
});

type Records = Parameters<TestServer['hale']['auditLog']['appendInTx']>[1];

/** The server with a fresh chain of N sealed records (or the ones given), sealing past all of them. */
async function sealedChain(given?: Records): Promise<TestServer> {
  const server = chainServer;
  await server.hale.auditLog.sealNow();
  // One statement: the server's own sealer must not link records between the two deletes.
  await server.hale.db.query('WITH links AS (DELETE FROM audit_chain) DELETE FROM audit_event');
  rmSync(path.join(server.config.dataDir, 'audit-checkpoint.json'), { force: true });
  const records: Records =
    given ??
    Array.from({ length: N }, (_, i) => ({
      action: i % 3 ? 'read' : 'search',
      outcome: 'success' as const,
      userId: `user-${i % 7}`,
      roles: ['doctor'],
      resourceType: 'Observation',
      resourceId: `obs-${i}`,
      patientIds: [`patient-${i % 11}`],
      requestId: `req-${i}`,
    }));
  await server.hale.db.transaction((tx) => server.hale.auditLog.appendInTx(tx, records));
  // Sealed, and sealing has passed them all (sealed_through): that point moves once every
  // transaction open at a round's snapshot has ended, and the snapshot covers the whole
  // cluster, so another test file's transaction can hold it back a few rounds.
  const newest = await server.hale.db.query<{ s: string }>('SELECT max(seq)::text AS s FROM audit_event');
  await expect
    .poll(
      async () => {
        await server.hale.auditLog.sealNow();
        const state = await server.hale.db.query<{ t: string }>('SELECT sealed_through::text AS t FROM audit_seal_state');
        return Number(state.rows[0]!.t) >= Number(newest.rows[0]!.s);
      },
      { timeout: 30_000, interval: 200 },
    )
    .toBe(true);
  return server;
}

function verify(server: TestServer) {
  return verifyAuditChain(server.hale.db, {
    key: server.hale.secrets.auditKey,
    checkpointFile: path.join(server.config.dataDir, 'audit-checkpoint.json'),
  });
}

async function maxPos(server: TestServer): Promise<number> {
  return Number((await server.hale.db.query<{ n: string }>('SELECT max(chain_pos)::text AS n FROM audit_chain')).rows[0]!.n);
}

/** The record at a chain position, as an attacker editing SQL would pick it. */
const AT = (pos: number) => `seq = (SELECT seq FROM audit_chain WHERE chain_pos = ${pos})`;

describe('audit chain', () => {
  it('verifies an intact chain and keeps the checkpoint outside the database', async () => {
    const server = await sealedChain();
    const r = await verify(server);
    expect(r.ok).toBe(true);
    expect(r.sealed).toBeGreaterThanOrEqual(N);
    expect(r.checkpoint?.chainPos).toBe(await maxPos(server));
  });

  it('seals records holding any text, lists and nested detail so that the verifier agrees', async () => {
    // The sealer hashes the fields as PostgreSQL puts them into JSON; the verifier reads the
    // columns one by one. Both must come to the same text for every value a record can hold.
    const odd = ['quote " backslash \\ slash / tab \t newline \n', 'Zoë Łukasz 患者 😷', '', '\u0001 control', '{"not": "json"}'];
    const records: Records = odd.flatMap((text, i) => [
      {
        action: 'read',
        outcome: 'success' as const,
        userId: text || 'blank',
        roles: ['doctor', text],
        resourceType: 'Patient',
        resourceId: `p-${i}`,
        patientIds: [text, `p-${i}`],
        query: `name=${text}`,
        resultIds: i % 2 ? [] : [text],
        ip: '::1',
        userAgent: text,
        requestId: `r-${i}`,
        detail: { reason: text, nested: { list: [1, 2.5, -0, 1e21, true, null, text], empty: {} }, 'a key with "quotes"': i },
      },
      { action: 'search', outcome: 'denied' as const, userId: `u-${i}`, roles: [] },
    ]);
    const server = await sealedChain(records);
    const r = await verify(server);
    expect(r.problem).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.sealed).toBe(records.length);
  });

  it('seals records too large to share one page (searches listing many results) over several pages', async () => {
    const ids = Array.from({ length: 40_000 }, (_, i) => `Observation/${String(i).padStart(36, '0')}`); // about 2 MB of JSON
    const records: Records = Array.from({ length: 6 }, (_, i) => ({
      action: 'search',
      outcome: 'success' as const,
      userId: 'bulk-reader',
      roles: ['doctor'],
      resourceType: 'Observation',
      query: `_count=40000&page=${i}`,
      resultIds: ids,
    }));
    expect(JSON.stringify(records).length).toBeGreaterThan(PAGE_BYTES); // more than one page holds
    const server = await sealedChain(records);
    const r = await verify(server);
    expect(r.problem).toBeUndefined();
    expect(r.sealed).toBe(records.length);
  });

  it('finds an edited field and names the record', async () => {
    const server = await sealedChain();
    await server.hale.db.query(`UPDATE audit_event SET user_id = 'someone-else' WHERE ${AT(1000)}`);
    expect((await verify(server)).problem).toMatchObject({ kind: 'tampered', chainPos: 1000 });
  });

  it('finds an edit whose hashes were recomputed after it (plain SHA-256, or HMAC with a guessed key)', async () => {
    const server = await sealedChain();
    await server.hale.db.query(`UPDATE audit_event SET outcome = 'denied' WHERE ${AT(700)}`);
    const rows = (
      await server.hale.db.query<{ chain_pos: string; hash: string; user_id: string }>(
        'SELECT chain_pos::text, hash, user_id FROM audit_chain JOIN audit_event USING (seq) WHERE chain_pos >= 699 ORDER BY audit_chain.chain_pos',
      )
    ).rows;
    let prev = rows[0]!.hash;
    for (const row of rows.slice(1)) {
      prev = createHash('sha256')
        .update(prev + row.user_id + row.chain_pos)
        .digest('base64url');
      await server.hale.db.query('UPDATE audit_chain SET hash = $2 WHERE chain_pos = $1', [row.chain_pos, prev]);
    }
    expect((await verify(server)).problem).toMatchObject({ kind: 'tampered', chainPos: 700 });
  });

  it('finds a deleted record in the middle, and a deleted record with its link in the chain', async () => {
    const server = await sealedChain();
    await server.hale.db.query(`DELETE FROM audit_event WHERE ${AT(1234)}`);
    expect((await verify(server)).problem).toMatchObject({ kind: 'missing', chainPos: 1234 });
    const again = await sealedChain();
    await again.hale.db.query(
      `WITH gone AS (DELETE FROM audit_chain WHERE chain_pos = 1234 RETURNING seq) DELETE FROM audit_event WHERE seq IN (SELECT seq FROM gone)`,
    );
    expect((await verify(again)).problem).toMatchObject({ kind: 'missing', chainPos: 1234 });
  });

  it('finds a forged record inserted into the chain', async () => {
    const server = await sealedChain();
    await server.hale.db.query('UPDATE audit_chain SET chain_pos = -chain_pos WHERE chain_pos >= 500');
    await server.hale.db.query('UPDATE audit_chain SET chain_pos = -chain_pos + 1 WHERE chain_pos <= -500');
    await server.hale.db.query(
      `WITH forged AS (INSERT INTO audit_event (user_id, roles, action, outcome) VALUES ('intruder', '{admin}', 'read', 'success') RETURNING seq)
       INSERT INTO audit_chain (chain_pos, seq, hash) SELECT 500, seq, 'forged' FROM forged`,
    );
    expect((await verify(server)).problem).toMatchObject({ kind: 'inserted', chainPos: 500 });
  });

  it('finds a forged record put among sealed ones without a link in the chain', async () => {
    const server = await sealedChain(); // sealing has passed every record: one put below them was not there when it passed
    await server.hale.db.query(
      "INSERT INTO audit_event (seq, user_id, roles, action, outcome) SELECT min(seq) - 1, 'intruder', '{admin}', 'read', 'success' FROM audit_event",
    );
    const r = await verify(server);
    expect(r.problem).toMatchObject({ kind: 'inserted' });
    expect(r.problem!.message).toMatch(/not in the chain/);
  });

  // Needs two connections: the embedded engine has one, so a transaction there never commits behind another's records.
  it.skipIf(!process.env.DATABASE_URL)(
    'seals a record whose transaction commits after later records were sealed, at the next position',
    async () => {
      const server = await sealedChain();
      // The slow transaction takes its seq first and stays open until the test lets it commit.
      let appended!: () => void;
      let release!: () => void;
      const seqTaken = new Promise<void>((done) => (appended = done));
      const held = new Promise<void>((done) => (release = done));
      const slow = server.hale.db.transaction(async (tx) => {
        await server.hale.auditLog.appendInTx(tx, [{ action: 'update', outcome: 'success', userId: 'slow-writer', roles: ['doctor'] }]);
        appended();
        await held;
      });
      await seqTaken;
      await server.hale.auditLog.record([{ action: 'read', outcome: 'success', userId: 'fast-reader', roles: ['nurse'] }]);
      await server.hale.auditLog.sealNow();
      await server.hale.auditLog.sealNow();
      // Records that come after are sealed while the transaction is still open.
      const sealedMeanwhile = await server.hale.db.query(
        "SELECT 1 FROM audit_chain JOIN audit_event USING (seq) WHERE user_id IN ('slow-writer', 'fast-reader')",
      );
      expect(sealedMeanwhile.rows).toHaveLength(1);
      release();
      await slow;
      // Sealing passes the late record once every transaction open at the round's snapshot
      // has ended. The snapshot covers the whole cluster, so a transaction of another test
      // file running beside this one can hold it back for a few rounds.
      await expect
        .poll(
          async () => {
            await server.hale.auditLog.sealNow();
            return (
              await server.hale.db.query(
                "SELECT 1 FROM audit_chain JOIN audit_event USING (seq) WHERE user_id IN ('slow-writer', 'fast-reader')",
              )
            ).rows.length;
          },
          { timeout: 30_000, interval: 200 },
        )
        .toBe(2);
      const links = (
        await server.hale.db.query<{ user_id: string; chain_pos: string; seq: string }>(
          "SELECT user_id, chain_pos::text, seq::text FROM audit_chain JOIN audit_event USING (seq) WHERE user_id IN ('slow-writer', 'fast-reader') ORDER BY audit_chain.chain_pos",
        )
      ).rows;
      expect(links.map((l) => l.user_id)).toEqual(['fast-reader', 'slow-writer']);
      expect(Number(links[1]!.seq)).toBeLessThan(Number(links[0]!.seq));
      expect((await verify(server)).ok).toBe(true);
    },
  );

  it('finds two records that swapped places', async () => {
    const server = await sealedChain();
    await server.hale.db.query('UPDATE audit_chain SET chain_pos = -1 WHERE chain_pos = 300');
    await server.hale.db.query('UPDATE audit_chain SET chain_pos = 300 WHERE chain_pos = 301');
    await server.hale.db.query('UPDATE audit_chain SET chain_pos = 301 WHERE chain_pos = -1');
    expect((await verify(server)).problem).toMatchObject({ kind: 'reordered', chainPos: 300 });
  });

  it('finds the newest records deleted (tail truncation) through the checkpoint', async () => {
    const server = await sealedChain();
    const top = await maxPos(server);
    await server.hale.db.query(
      'WITH gone AS (DELETE FROM audit_chain WHERE chain_pos > $1 RETURNING seq) DELETE FROM audit_event WHERE seq IN (SELECT seq FROM gone)',
      [top - 25],
    );
    const r = await verify(server);
    expect(r.problem).toMatchObject({ kind: 'truncated', chainPos: top - 24 });
    expect(r.problem!.message).toMatch(/newest 25 sealed/);
  });

  it('finds a tampered checkpoint', async () => {
    const server = await sealedChain();
    const file = path.join(server.config.dataDir, 'audit-checkpoint.json');
    const c = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...c, chainPos: c.chainPos - 10 }));
    expect((await verify(server)).problem).toMatchObject({ kind: 'checkpoint-tampered' });
  });

  it('writes queued read records in shared INSERTs and only then answers', async () => {
    const server = await sealedChain();
    const before = server.hale.auditLog.batches;
    const count = async () =>
      Number(
        (await server.hale.db.query<{ n: string }>("SELECT count(*)::text AS n FROM audit_event WHERE user_id = 'batch-user'")).rows[0]!.n,
      );
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        server.hale.auditLog.record([
          { action: 'read', outcome: 'success', userId: 'batch-user', roles: ['nurse'], resourceId: String(i) },
        ]),
      ),
    );
    expect(await count()).toBe(50);
    expect(server.hale.auditLog.batches - before).toBeLessThan(50);
  });
  it('lets a read write its own record only while no other read record is being written; under load records share INSERTs', async () => {
    const log = chainServer.hale.auditLog;
    const own = log.ownStatement;
    expect(own).toBeDefined();
    const slow = own!.query('SELECT pg_sleep(0.2)');
    expect(log.ownStatement).toBeUndefined();
    await slow;
    expect(log.ownStatement).toBeDefined();
    const queued = log.record([{ action: 'read', outcome: 'success', userId: 'own-statement-user', roles: ['nurse'] }]);
    expect(log.ownStatement).toBeUndefined();
    await queued;
    await new Promise((done) => setImmediate(done)); // the batch's bookkeeping ends just after its waiters are told
    expect(log.ownStatement).toBeDefined();
  });
});

describe('audit trail as users see it', () => {
  it('records reads, searches and denials with who, what, which patient and from where; admins search it as FHIR AuditEvent and CSV', async () => {
    s = await startTestServer();
    const p = await s.fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Audited' }] });
    const pid = p.body.id as string;
    await s.fhir('GET', `Patient/${pid}`, undefined, { 'user-agent': 'audit-test-agent' });
    await s.fhir('GET', `Patient?_id=${pid}`);
    const events = await s.fhir('GET', `AuditEvent?patient=${pid}`);
    expect(events.status).toBe(200);
    const actions = events.body.entry.map((e: any) => e.resource.subtype[0].code);
    expect(actions).toEqual(expect.arrayContaining(['create', 'read', 'search-type']));
    // A create's record is written by the write's own statement, and names the patient the new resource is about.
    const obs = await s.fhir('POST', 'Observation', {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'pulse' },
      subject: { reference: `Patient/${pid}` },
    });
    expect(obs.status).toBe(201);
    const created = await s.fhir('GET', `AuditEvent?patient=${pid}&subtype=create`);
    const what = created.body.entry.flatMap((e: any) => e.resource.entity.map((x: any) => x.what?.reference));
    expect(what).toEqual(expect.arrayContaining([`Patient/${pid}`, `Observation/${obs.body.id}`]));
    const read = events.body.entry.find((e: any) => e.resource.subtype[0].code === 'read').resource;
    expect(read.agent[0].network.address).toBe('127.0.0.1');
    expect(read.entity.map((e: any) => e.what.reference)).toContain(`Patient/${pid}`);

    const csv = await fetch(`${s.url}/api/v1/audit/events.csv?patient=${pid}`, { headers: { authorization: `Bearer ${s.adminToken}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^seq,recorded_at,user_id/);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.some((l) => l.includes('audit-test-agent'))).toBe(true);

    expect((await s.fhir('POST', 'AuditEvent', { resourceType: 'AuditEvent' })).status).toBe(403);
    const anon = await call(s.url, 'GET', '/fhir/R4/AuditEvent');
    expect(anon.status).toBe(401);
  });

  it('a read by id has its record, naming the patient and the request, when the answer arrives; a deleted resource gives none, an old version of it one', async () => {
    s = await startTestServer();
    const server = s;
    const pid = (await s.fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'ReadRecord' }] })).body.id as string;
    const obs = await s.fhir('POST', 'Observation', {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'temperature' },
      subject: { reference: `Patient/${pid}` },
    });
    const oid = obs.body.id as string;
    const records = async (action: string) =>
      (
        await server.hale.db.query<{ patient_ids: string[]; request_id: string; outcome: string; detail: unknown }>(
          'SELECT patient_ids, request_id, outcome, detail FROM audit_event WHERE action = $1 AND resource_id = $2 ORDER BY seq',
          [action, oid],
        )
      ).rows;

    const read = await s.fhir('GET', `Observation/${oid}`, undefined, { 'x-request-id': 'read-record-1' });
    expect(read.status).toBe(200);
    // Looked up as soon as the answer is in: no waiting, the record was committed with the read.
    expect(await records('read')).toEqual([{ patient_ids: [pid], request_id: 'read-record-1', outcome: 'success', detail: null }]);
    expect((await s.fhir('GET', `Observation/${oid}/_history/1`)).status).toBe(200);
    expect((await records('vread')).map((r) => r.patient_ids)).toEqual([[pid]]);

    expect((await s.fhir('DELETE', `Observation/${oid}`)).status).toBe(200);
    expect((await s.fhir('GET', `Observation/${oid}`)).status).toBe(410);
    expect(await records('read')).toHaveLength(1);
    // The version before the deletion is still readable, and reading it is recorded.
    const old = await s.fhir('GET', `Observation/${oid}/_history/1`, undefined, { 'x-request-id': 'read-record-2' });
    expect(old.status).toBe(200);
    const vreads = await records('vread');
    expect(vreads).toHaveLength(2);
    expect(vreads[1]).toMatchObject({ request_id: 'read-record-2', outcome: 'success', detail: { versionId: '1' } });
    expect((await s.fhir('GET', `Observation/${oid}/_history/2`)).status).toBe(410);
    expect(await records('vread')).toHaveLength(2);
  });
});

describe('a shutdown whose last sealing fails', () => {
  it('still closes the database and frees the data folder; the next start seals the records left', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hale-seal-fails-'));
    // Both servers on one database: the same data folder (embedded) or the same schema.
    const schema = testDatabaseUrl() ? uniqueSchema() : undefined;
    const env: Record<string, string> = schema ? { HALE_DB_SCHEMA: schema } : {};
    try {
      const first = await startTestServer(env, { memoryDb: false, dataDir });
      await first.hale.auditLog.sealNow();
      const left = { action: 'read', outcome: 'success' as const, userId: 'left-unsealed', roles: ['nurse'] };
      await first.hale.db.transaction((tx) => first.hale.auditLog.appendInTx(tx, [left]));
      // The sealer can no longer write its links (as with the database going away mid-shutdown).
      await first.hale.db.query('ALTER TABLE audit_chain RENAME TO audit_chain_away');
      await expect(first.stop()).rejects.toThrow(/audit_chain/);
      await expect(first.hale.db.query('SELECT 1')).rejects.toThrow(); // closed

      // A new server opens the same database (the embedded folder's lock was released).
      const second = await startTestServer(env, { memoryDb: false, dataDir });
      try {
        await second.hale.db.query('ALTER TABLE audit_chain_away RENAME TO audit_chain');
        await second.hale.auditLog.sealNow();
        const sealed = await second.hale.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_event JOIN audit_chain USING (seq) WHERE user_id = 'left-unsealed'",
        );
        expect(sealed.rows[0]!.n).toBe(1);
        const r = await verify(second);
        expect(r.problem).toBeUndefined();
        expect(r.ok).toBe(true);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      if (schema) await dropSchema(schema);
    }
  });
});
