/**
 * Group commit of plain creates (src/fhir/store/write-coalescer.ts): creates that arrive
 * while earlier ones are being written share one statement, and each is still its own
 * resource, version, time and audit record; a batch that fails costs no create but its own.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { WriteCoalescer } from '../src/fhir/store/write-coalescer.ts';
import type { Database } from '../src/db/types.ts';
import type { VersionWrite } from '../src/fhir/store/write-statement.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

const isCreateStatement = (opts: unknown) =>
  String((opts as { name?: string } | undefined)?.name ?? '').startsWith('hale_write_versions_new');

describe('concurrent creates through the FHIR API', () => {
  it('share statements, and each keeps its own content, version, Last-Modified and audit record', async () => {
    const db = s.hale.db;
    const query = db.query.bind(db);
    // Each create statement takes 30 ms longer, so creates arriving meanwhile must queue behind it.
    const spy = vi.spyOn(db, 'query').mockImplementation(async (sql, params, opts) => {
      if (isCreateStatement(opts)) await new Promise((r) => setTimeout(r, 30));
      return query(sql, params, opts);
    });
    const counts = s.hale.guard.creates!.counts;
    const before = { ...counts };
    const tag = randomUUID().slice(0, 8);
    let created;
    try {
      created = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          s.fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: `Grouped${tag}`, given: [`N${i}`] }] }),
        ),
      );
    } finally {
      spy.mockRestore();
    }
    expect(created.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(counts.creates - before.creates).toBe(40);
    expect(counts.statements - before.statements).toBeLessThan(20);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(40);

    for (const [i, r] of created.entries()) {
      const read = await s.fhir('GET', `Patient/${r.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.name[0].given).toEqual([`N${i}`]);
      expect(read.body.meta.versionId).toBe('1');
      expect(read.body.meta.lastUpdated).toBe(r.body.meta.lastUpdated);
      expect(read.headers.get('last-modified')).toBe(r.headers.get('last-modified'));
    }
    const found = await s.fhir('GET', `Patient?family=Grouped${tag}&_count=100`);
    expect(found.body.entry).toHaveLength(40);

    // One create record per resource, naming it and its patient.
    const records = await db.query<{ resource_id: string; patient_ids: string[] }>(
      `SELECT resource_id, patient_ids FROM audit_event WHERE action = 'create' AND resource_type = 'Patient' AND resource_id = ANY($1::text[])`,
      [created.map((r) => r.body.id)],
    );
    expect(records.rows.map((r) => r.resource_id).sort()).toEqual(created.map((r) => r.body.id).sort());
    for (const r of records.rows) expect(r.patient_ids).toEqual([r.resource_id]);
  });

  it('writes a lone create at once, in a statement of its own', async () => {
    const counts = s.hale.guard.creates!.counts;
    const before = { ...counts };
    const r = await s.fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Alone' }] });
    expect(r.status).toBe(201);
    expect([counts.statements - before.statements, counts.creates - before.creates]).toEqual([1, 1]);
  });
});

describe('a batch that fails', () => {
  const patientWrite = (id: string, family: string): VersionWrite & { lastUpdated: string } => {
    const lastUpdated = new Date().toISOString();
    const resource = { resourceType: 'Patient', id, meta: { versionId: '1', lastUpdated }, name: [{ family }] };
    return {
      resourceType: 'Patient',
      id,
      versionId: 1,
      method: 'POST',
      resource,
      json: JSON.stringify(resource),
      exists: false,
      lastUpdated,
    };
  };

  it('fails only the create that cannot be written; the others of its batch are written on their own', async () => {
    const db = s.hale.db;
    const query = db.query.bind(db);
    // The first statement waits for the gate, so the next three queue and go together.
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let first = true;
    const gated: Database = Object.create(db, {
      query: {
        value: async (sql: string, params?: readonly unknown[], opts?: { name?: string }) => {
          if (first && isCreateStatement(opts)) {
            first = false;
            await gate;
          }
          return query(sql, params, opts);
        },
      },
    });
    const coalescer = new WriteCoalescer(gated, 1);
    const taken = (await s.fhir('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Taken' }] })).body.id;

    const [a, b, c, duplicate] = [randomUUID(), randomUUID(), randomUUID(), taken];
    const results = Promise.allSettled([
      coalescer.write(patientWrite(a, 'First')),
      coalescer.write(patientWrite(b, 'Second')),
      coalescer.write(patientWrite(duplicate, 'Duplicate')),
      coalescer.write(patientWrite(c, 'Third')),
    ]);
    open();
    const settled = await results;
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // One statement alone, one for the three queued (it failed), then each of those three again.
    expect(coalescer.counts).toEqual({ statements: 2, creates: 4, retriedAlone: 3 });

    for (const [id, family] of [
      [a, 'First'],
      [b, 'Second'],
      [c, 'Third'],
      [taken, 'Taken'],
    ]) {
      const read = await s.fhir('GET', `Patient/${id}`);
      expect(read.status).toBe(200);
      expect(read.body.name[0].family).toBe(family);
    }
  });
});
