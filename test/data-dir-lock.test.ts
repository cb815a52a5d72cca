/** Two processes on one embedded data folder would corrupt it: the second must refuse. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runHaleCommand, startChildServer, type ChildServer } from './support/child-server.ts';

const embedded = !process.env.DATABASE_URL;

describe.runIf(embedded)('data folder lock (embedded engine)', () => {
  // Made in beforeAll: a skipped describe's body still runs (on PostgreSQL), and would leave the folder behind.
  let dataDir: string;
  let first: ChildServer;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hale-lock-'));
    first = await startChildServer({ HALE_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await first?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates its secrets into the data folder with mode 0600', () => {
    const st = statSync(path.join(dataDir, 'secrets.json'));
    expect(st.mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')))).toEqual([
      'signingKey',
      'auditKey',
      'fieldKey',
    ]);
  });

  it('refuses a second server on the same folder with a clear message', async () => {
    await expect(startChildServer({ HALE_DATA_DIR: dataDir }, 30_000)).rejects.toThrow(/in use by another Hale process \(pid \d+\)/);
    // the first one is unharmed
    expect((await fetch(`${first.url}/ready`)).status).toBe(200);
  });

  it('refuses `hale migrate` on a folder in use', async () => {
    const r = await runHaleCommand(['migrate'], { HALE_DATA_DIR: dataDir });
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/in use by another Hale process/);
  });

  it('sends `hale import` through the running server instead of opening the folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hale-lock-import-'));
    const file = path.join(dir, 'one.json');
    (await import('node:fs')).writeFileSync(
      file,
      JSON.stringify({ resourceType: 'Patient', id: 'through-server', name: [{ family: 'Via' }] }),
    );
    const port = new URL(first.url).port;
    const r = await runHaleCommand(['import', dir, '--quiet'], { HALE_DATA_DIR: dataDir, PORT: port });
    expect(r.output).toMatch(/importing through it/);
    expect(r.code).toBe(0);
    expect((await first.fetch(`${first.url}/fhir/R4/Patient/through-server`)).status).toBe(200);
    rmSync(dir, { recursive: true, force: true });
  });
});
