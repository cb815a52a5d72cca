/**
 * `hale audit verify` as an operator runs it: after a server wrote and sealed records and
 * stopped, the command reports an intact chain (exit 0); after one record is edited in SQL,
 * it names the record (exit 1).
 */
import { afterAll, expect, it } from 'vitest';
import { openStoreForCli } from '../src/cli/open-store.ts';
import { loadConfig } from '../src/config.ts';
import { runHaleCommand, startChildServer } from './support/child-server.ts';
import { isolatedStore } from './support/test-server.ts';

const store = isolatedStore('audit-verify');
afterAll(() => store.cleanup());

it('exits 0 on an intact chain and 1 naming the first tampered record', async () => {
  const server = await startChildServer(store.env);
  for (let i = 0; i < 5; i++) {
    const r = await server.fetch(`${server.url}/fhir/R4/Patient`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', name: [{ family: `Verify${i}` }] }),
    });
    expect(r.status).toBe(201);
  }
  expect(await server.stop()).toBe(0); // a clean stop seals the last records and moves the checkpoint

  const intact = await runHaleCommand(['audit', 'verify'], store.env);
  expect(intact.output).toMatch(/Audit chain intact: \d+ sealed record\(s\) verified, consistent with the checkpoint/);
  expect(intact.code).toBe(0);

  const opened = await openStoreForCli(loadConfig({ ...process.env, ...store.env }), 'test');
  try {
    await opened.db.query("UPDATE audit_event SET user_id = 'intruder' WHERE seq = (SELECT seq FROM audit_chain WHERE chain_pos = 3)");
  } finally {
    await opened.close();
  }
  const broken = await runHaleCommand(['audit', 'verify'], store.env);
  expect(broken.code).toBe(1);
  expect(broken.output).toMatch(/AUDIT CHAIN BROKEN: tampered at record 3/);
}, 120_000);
