/**
 * Every official R4 example resource (hl7.fhir.r4.examples 4.0.1) that is valid is
 * accepted by the server and comes back unchanged, apart from meta, after create and read.
 * The few invalid ones (errata listed in conformance-examples-validator.test.ts) get 422.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isResourceType } from '../src/fhir/definitions.ts';
import { resourceValidationIssues } from '../src/fhir/validation/validate-resource.ts';
import { startTestServer, testDatabaseUrl, type TestServer } from './support/test-server.ts';

const require = createRequire(import.meta.url);
const EXAMPLES = path.dirname(require.resolve('hl7.fhir.r4.examples/package.json'));
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

function withoutMeta(r: Record<string, unknown>, dropId: boolean): Record<string, unknown> {
  const { meta, id, ...rest } = r;
  const m = { ...((meta as Record<string, unknown>) ?? {}) };
  delete m.versionId;
  delete m.lastUpdated;
  return { ...rest, ...(dropId ? {} : { id }), ...(Object.keys(m).length ? { meta: m } : {}) };
}

describe('official R4 examples through the API', () => {
  it('are stored and read back unchanged (apart from meta); invalid ones get 422', async () => {
    const all = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.json') && f !== 'package.json' && !f.startsWith('.'))
      .sort();
    // The validator's work (the bulk of this test) is the same on both engines; the storage is
    // what differs. Each engine takes the first example of each file prefix (so every resource
    // type); of the rest, the embedded pass takes every fourth and the PostgreSQL pass the
    // others. CI runs both passes, so every example makes the round trip on one engine and
    // every type on both.
    const seen = new Set<string>();
    const firstOfPrefix = (f: string) => !seen.has(f.split('-')[0]!) && seen.add(f.split('-')[0]!);
    const embedded = (i: number) => i % 4 === 0;
    const onPostgres = testDatabaseUrl() !== undefined;
    const files = all.filter((f, i) => firstOfPrefix(f) || embedded(i) !== onPostgres);
    let roundTripped = 0;
    let rejected = 0;
    let auditEvents = 0;
    const failures: string[] = [];
    // Four requests in flight: the server validates one while the database stores another.
    const one = async (file: string): Promise<void> => {
      const resource = JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8')) as Record<string, unknown>;
      const type = resource?.resourceType;
      if (typeof type !== 'string' || !isResourceType(type)) return;
      if (type === 'AuditEvent') {
        // AuditEvent is the server's own tamper-evident trail: clients may not write it (403); the validator test covers these examples.
        const w = await s.fhir('POST', type, resource);
        if (w.status === 403) auditEvents++;
        else failures.push(`${file}: a client AuditEvent answered ${w.status}, expected 403`);
        return;
      }
      const byId = typeof resource.id === 'string' && ID.test(resource.id);
      // A POST replaces the id, so an example whose only fault is its id is valid as sent.
      const { id: _ignored, ...withoutId } = resource;
      const valid = resourceValidationIssues(byId ? resource : withoutId).length === 0;
      const w = byId ? await s.fhir('PUT', `${type}/${resource.id as string}`, resource) : await s.fhir('POST', type, resource);
      if (!valid) {
        if (w.status === 422) rejected++;
        else failures.push(`${file}: invalid example answered ${w.status}`);
        return;
      }
      if (w.status !== 200 && w.status !== 201) {
        failures.push(`${file}: ${w.status} ${JSON.stringify(w.body).slice(0, 300)}`);
        return;
      }
      const read = await s.fhir('GET', `${type}/${w.body.id as string}`);
      try {
        expect(withoutMeta(read.body, !byId)).toEqual(withoutMeta(resource, !byId));
        roundTripped++;
      } catch {
        failures.push(`${file}: read back differs`);
      }
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < files.length) await one(files[next++]!);
      }),
    );
    console.log(
      `R4 examples: ${roundTripped} stored and read back unchanged, ${rejected} invalid ones rejected with 422, ${auditEvents} AuditEvents refused (403, server-owned), ${failures.length} failures`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(roundTripped).toBeGreaterThan(onPostgres ? 3500 : 1200);
  }, 600_000);
});
