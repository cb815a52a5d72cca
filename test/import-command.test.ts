/**
 * `hale import` as a user runs it: a folder with good and broken files. Broken files are
 * named with the reason, the others still load, the summary counts per type, and a second
 * run adds nothing. Also the same import over HTTP (POST a transaction to /fhir/R4).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runHaleCommand, startChildServer } from './support/child-server.ts';
import { isolatedStore } from './support/test-server.ts';

const store = isolatedStore('import-cmd');
const env = store.env;
const input = mkdtempSync(path.join(tmpdir(), 'hale-import-input-'));
afterAll(async () => {
  rmSync(input, { recursive: true, force: true });
  await store.cleanup();
});

const patientBundle = (n: number) => ({
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      fullUrl: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
      resource: { resourceType: 'Patient', id: `00000000-0000-4000-8000-00000000000${n}`, name: [{ family: `Imported${n}` }] },
      request: { method: 'POST', url: 'Patient' },
    },
    {
      resource: {
        resourceType: 'Observation',
        id: `10000000-0000-4000-8000-00000000000${n}`,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: { reference: `urn:uuid:00000000-0000-4000-8000-00000000000${n}` },
      },
      request: { method: 'POST', url: 'Observation' },
    },
  ],
});

describe('hale import', () => {
  it('loads the good files, names each broken file with its reason, and is idempotent', async () => {
    writeFileSync(path.join(input, 'a-good.json'), JSON.stringify(patientBundle(1)));
    writeFileSync(path.join(input, 'b-good.json.gz'), gzipSync(JSON.stringify(patientBundle(2))));
    writeFileSync(path.join(input, 'c-broken.json'), '{"resourceType": "Bundle", ');
    const invalid = patientBundle(3);
    (invalid.entry[0]!.resource as Record<string, unknown>).birthDate = 'yesterday';
    writeFileSync(path.join(input, 'd-invalid.json'), JSON.stringify(invalid));
    writeFileSync(
      path.join(input, 'e-resources.ndjson'),
      [1, 2, 3].map((i) => JSON.stringify({ resourceType: 'Organization', id: `org-${i}`, name: `Clinic ${i}` })).join('\n'),
    );

    const first = await runHaleCommand(['import', input], env);
    expect(first.code).toBe(1); // some files failed
    expect(first.output).toMatch(/Imported 7 resources from 3 of 5 files/);
    expect(first.output).toMatch(/Patient\s+2/);
    expect(first.output).toMatch(/Organization\s+3/);
    expect(first.output).toMatch(/FAILED .*c-broken\.json: not valid JSON/);
    expect(first.output).toMatch(/FAILED .*d-invalid\.json: .*birthDate/);

    const server = await startChildServer(env);
    try {
      const count = async (q: string) =>
        ((await (await server.fetch(`${server.url}/fhir/R4/${q}&_total=accurate&_count=0`)).json()) as { total: number }).total;
      expect(await count('Patient?family=Imported')).toBe(2);
      expect(await count('Patient?family=Imported3')).toBe(0); // nothing of the invalid bundle
      const obs = (await (await server.fetch(`${server.url}/fhir/R4/Observation/10000000-0000-4000-8000-000000000001`)).json()) as {
        subject: { reference: string };
      };
      expect(obs.subject.reference).toBe('Patient/00000000-0000-4000-8000-000000000001');

      // the same transaction over HTTP, twice: no duplicates (ids come from the bundle)
      for (let i = 0; i < 2; i++) {
        const r = await server.fetch(`${server.url}/fhir/R4`, {
          method: 'POST',
          headers: { 'content-type': 'application/fhir+json' },
          body: JSON.stringify({
            ...patientBundle(4),
            entry: patientBundle(4).entry.map((e) => ({
              ...e,
              request: { method: 'PUT', url: `${e.resource.resourceType}/${e.resource.id}` },
            })),
          }),
        });
        expect(r.status).toBe(200);
      }
      expect(await count('Patient?family=Imported4')).toBe(1);
    } finally {
      await server.stop();
    }

    // Running the same import again adds nothing.
    const again = await runHaleCommand(['import', input, '--quiet'], env);
    const server2 = await startChildServer(env);
    try {
      const history = (await (
        await server2.fetch(`${server2.url}/fhir/R4/Patient/00000000-0000-4000-8000-000000000001/_history`)
      ).json()) as {
        total: number;
      };
      expect(history.total).toBe(1);
      expect(again.output).toMatch(/Imported 7 resources/);
    } finally {
      await server2.stop();
    }
  }, 180_000);
});
