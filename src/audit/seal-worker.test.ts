/**
 * On a PostgreSQL server the audit log seals on a worker thread with its own connection:
 * records written by the server's threads are linked into a chain that verifies, the
 * checkpoint outside the database moves with it, a record committed just before close is
 * sealed by the last round, and a worker that cannot reach the database fails the request
 * that asked it, with the reason, instead of leaving it waiting.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database.ts';
import { migrate } from '../db/migrate.ts';
import type { Database } from '../db/types.ts';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../test/support/test-server.ts';
import { AuditLog } from './audit-log.ts';
import { verifyAuditChain } from './verify-chain.ts';

const url = testDatabaseUrl();
const schema = uniqueSchema();
const key = 'seal-worker-test-key-0123456789abcdef';
let db: Database;
let dir: string;

const record = (i: number) => ({
  action: 'read',
  outcome: 'success' as const,
  userId: `user-${i % 3}`,
  roles: ['doctor'],
  resourceType: 'Observation',
  resourceId: `obs-${i}`,
  patientIds: [`patient-${i % 5}`],
});

describe.runIf(url)('audit sealing on a worker thread', () => {
  beforeAll(async () => {
    db = await openDatabase({ databaseUrl: url, dbSchema: schema, pgliteDir: 'memory' });
    await migrate(db);
    dir = mkdtempSync(path.join(os.tmpdir(), 'hale-seal-worker-'));
  });
  afterAll(async () => {
    await db?.close();
    await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals what the request thread wrote, moves the checkpoint, and seals the last records on close', async () => {
    const checkpointFile = path.join(dir, 'checkpoint.json');
    const log = new AuditLog({
      db,
      key,
      checkpointFile,
      sealEveryMs: 60_000, // only when asked: the counts below are the worker's answers
      sealWorker: { connectionString: url!, schema, statementTimeoutMs: 10_000 },
    });
    log.start();
    await Promise.all(Array.from({ length: 40 }, (_, i) => log.record([record(i)])));
    await db.transaction((tx) => log.appendInTx(tx, [record(40), record(41)]));
    expect(await log.sealNow()).toBe(42);
    expect(await log.sealNow()).toBe(0);
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8'))).toMatchObject({ chainPos: 42 });

    await log.record([record(42)]);
    await log.close();
    const report = await verifyAuditChain(db, { key, checkpointFile });
    expect(report).toMatchObject({ ok: true, sealed: 43, unsealed: 0 });
  });

  it('fails a request with the reason when the worker cannot reach the database', async () => {
    const log = new AuditLog({
      db,
      key,
      checkpointFile: path.join(dir, 'unreachable.json'),
      sealWorker: { connectionString: 'postgres://postgres@127.0.0.1:1/none', statementTimeoutMs: 1000 },
    });
    log.start();
    await expect(log.sealNow()).rejects.toThrow(/not reachable/);
    await log.close().catch(() => undefined);
  });
});
