/**
 * Migration 0021 moves the HMAC chain out of audit_event into audit_chain. A trail sealed
 * under the old layout (positions and hashes on the records) stays verifiable afterwards,
 * records left unsealed by then are sealed by the new sealer after the old chain's head, and
 * an edit made before the migration is still found after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS, chainHash, type ChainRow } from '../src/audit/audit-chain.ts';
import { auditInsert } from '../src/audit/audit-record.ts';
import { sealPending } from '../src/audit/seal.ts';
import { verifyAuditChain } from '../src/audit/verify-chain.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { listMigrations, migrate } from '../src/db/migrate.ts';
import type { Database } from '../src/db/types.ts';
import { dropSchema, testDatabaseUrl, uniqueSchema } from './support/test-server.ts';

const KEY = 'audit-chain-migration-test-key';
const dir = mkdtempSync(path.join(tmpdir(), 'hale-audit-migration-'));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

async function openEmpty(): Promise<Database> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema();
  schemas.push(schema);
  return openDatabase(url ? { databaseUrl: url, dbSchema: schema, pgliteDir: 'memory' } : { pgliteDir: 'memory' });
}

async function appendAudit(db: Database, n: number, tag: string): Promise<void> {
  const records = Array.from({ length: n }, (_, i) => ({
    action: 'read',
    outcome: 'success' as const,
    userId: `${tag}-user`,
    roles: ['doctor'],
    resourceType: 'Observation',
    resourceId: `${tag}-${i}`,
    patientIds: [`patient-${i % 3}`],
  }));
  const { sql, params } = auditInsert(records);
  await db.query(sql, params);
}

/** Seals every record in seq order the way the sealer did before 0021: positions and hashes written onto the records. */
async function sealTheOldWay(db: Database): Promise<void> {
  const rows = (
    await db.query<ChainRow>(
      `SELECT seq::text AS seq, recorded_at, user_id, roles, action, outcome, resource_type, resource_id, patient_ids, query, result_ids,
              ip, user_agent, request_id, detail, chain_pos::text AS chain_pos, hash
         FROM audit_event ORDER BY audit_event.seq`,
    )
  ).rows;
  let prev = GENESIS;
  for (const [i, row] of rows.entries()) {
    prev = chainHash(KEY, prev, row, String(i + 1));
    await db.query('UPDATE audit_event SET chain_pos = $2, hash = $3 WHERE seq = $1', [row.seq, i + 1, prev]);
  }
}

describe('audit chain migration (0021)', () => {
  it('keeps an old-layout chain verifiable and goes on sealing after its head', async () => {
    const db = await openEmpty();
    try {
      const all = listMigrations();
      const before = all.filter((m) => m.version < 21);
      expect(all.some((m) => m.version === 21)).toBe(true);
      await migrate(db, before);
      await appendAudit(db, 40, 'old');
      await sealTheOldWay(db);
      await appendAudit(db, 5, 'unsealed-then');
      await migrate(db, all);

      const file = path.join(dir, `checkpoint-${Date.now()}.json`);
      const sealed = await sealPending(db, KEY, file);
      expect(sealed).toBe(5);
      const links = (await db.query<{ n: string; top: string }>('SELECT count(*)::text AS n, max(chain_pos)::text AS top FROM audit_chain'))
        .rows[0]!;
      expect(links).toEqual({ n: '45', top: '45' });
      const report = await verifyAuditChain(db, { key: KEY, checkpointFile: file });
      expect(report).toMatchObject({ ok: true, sealed: 45, unsealed: 0 });

      await appendAudit(db, 3, 'new');
      expect(await sealPending(db, KEY, file)).toBe(3);
      expect((await verifyAuditChain(db, { key: KEY, checkpointFile: file })).ok).toBe(true);

      // An edit to a record sealed the old way is found through the moved chain.
      await db.query("UPDATE audit_event SET user_id = 'intruder' WHERE seq = (SELECT seq FROM audit_chain WHERE chain_pos = 12)");
      expect((await verifyAuditChain(db, { key: KEY, checkpointFile: file })).problem).toMatchObject({ kind: 'tampered', chainPos: 12 });
    } finally {
      await db.close();
    }
  });
});
