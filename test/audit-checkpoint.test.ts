/**
 * The checkpoint outside the database keeps its evidence: after the newest sealed records
 * are deleted, or after the checkpoint itself is tampered with, normal traffic sealing new
 * records must not move it to the (now different) chain: the verifier still reports the
 * deletion long after the chain has grown past the old position, and the sealer raises an
 * alarm instead of writing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../src/audit/audit-record.ts';
import { sealPending } from '../src/audit/seal.ts';
import { verifyAuditChain } from '../src/audit/verify-chain.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let s: TestServer | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const records = (n: number, tag: string): AuditRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    userId: `cp-${i % 4}`,
    roles: ['doctor'],
    action: 'read',
    outcome: 'success',
    requestId: `${tag}-${i}`,
  }));

async function setup() {
  s = await startTestServer();
  const server = s;
  // The server's own sealer (every second) would race this test's sealing and alarms: stop it.
  await server.hale.auditLog.close();
  const file = path.join(server.config.dataDir, 'audit-checkpoint.json');
  const alarms: string[] = [];
  const key = server.hale.secrets.auditKey;
  const append = (n: number, tag: string) => server.hale.db.transaction((tx) => server.hale.auditLog.appendInTx(tx, records(n, tag)));
  const seal = () => sealPending(server.hale.db, key, file, (m) => alarms.push(m));
  const verify = () => verifyAuditChain(server.hale.db, { key, checkpointFile: file });
  const top = async () =>
    Number((await server.hale.db.query<{ n: string }>('SELECT max(chain_pos)::text AS n FROM audit_chain')).rows[0]!.n);
  await append(300, 'a');
  await seal();
  return { server, file, alarms, append, seal, verify, top };
}

describe('audit checkpoint', () => {
  it('still reports a deleted tail after the chain has grown far past it', async () => {
    const { server, alarms, append, seal, verify, top } = await setup();
    const before = await top();
    await server.hale.db.query(
      'WITH gone AS (DELETE FROM audit_chain WHERE chain_pos > $1 RETURNING seq) DELETE FROM audit_event WHERE seq IN (SELECT seq FROM gone)',
      [before - 20],
    );
    for (let round = 0; round < 5; round++) {
      await append(50, `b${round}`);
      await seal();
    }
    expect(await top()).toBeGreaterThan(before + 200);
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.checkpoint?.chainPos).toBe(before);
    expect(r.problem).toMatchObject({ kind: 'tampered', chainPos: before });
    expect(alarms.length).toBeGreaterThanOrEqual(1);
    expect(alarms[0]).toMatch(/left unchanged: .*(deleted|rewritten)/);
  });

  it('keeps a checkpoint whose signature fails as found, and says so', async () => {
    const { file, alarms, append, seal, verify } = await setup();
    const forged = { ...JSON.parse(readFileSync(file, 'utf8')), mac: 'forged' };
    writeFileSync(file, JSON.stringify(forged));
    await append(10, 'c');
    await seal();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(forged);
    expect((await verify()).problem).toMatchObject({ kind: 'checkpoint-tampered' });
    expect(alarms[0]).toMatch(/signature does not verify/);
  });

  it('moves forward on an intact chain without alarms, and names a sealed row whose hash was removed', async () => {
    const { server, alarms, append, seal, verify, top, file } = await setup();
    await append(10, 'd');
    await seal();
    expect(JSON.parse(readFileSync(file, 'utf8')).chainPos).toBe(await top());
    expect(alarms).toEqual([]);
    expect((await verify()).ok).toBe(true);
    await server.hale.db.query('UPDATE audit_chain SET hash = NULL WHERE chain_pos = 17');
    expect((await verify()).problem).toMatchObject({ kind: 'tampered', chainPos: 17, message: expect.stringMatching(/no hash/) });
  });
});
