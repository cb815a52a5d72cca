/**
 * A full disk must not kill the embedded server: writes answer 503 with a clear message,
 * the process stays up, it recovers when space returns, and nothing acknowledged is lost.
 * Uses a size-limited tmpfs as the data folder (needs root to mount; said and not run
 * where mounting is not allowed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChildServer, type ChildServer } from './support/child-server.ts';

const mountPoint = mkdtempSync(path.join(tmpdir(), 'hale-fulldisk-'));
function tryMount(): boolean {
  if (process.env.DATABASE_URL) return false; // the embedded engine's concern
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('cannot mount a tmpfs here (not root?): the full-disk test does not run');
    return false;
  }
}
const mounted = tryMount();

describe.runIf(mounted)('full disk (embedded engine)', () => {
  const dataDir = path.join(mountPoint, 'data');
  const filler = path.join(mountPoint, 'filler');
  let server: ChildServer;
  beforeAll(async () => {
    server = await startChildServer({ HALE_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.stop();
    try {
      execFileSync('umount', [mountPoint]);
    } catch {
      // already unmounted
    }
    rmSync(mountPoint, { recursive: true, force: true });
  });

  const create = async (n: number) =>
    fetch(`${server.url}/fhir/R4/Patient`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', prefer: 'return=minimal' },
      body: JSON.stringify({ resourceType: 'Patient', name: [{ family: `Full${n}`, given: ['x'.repeat(3000)] }] }),
    });

  // Two ways to run out: with ~1 MB left a table file cannot grow (PostgreSQL reports an
  // error and carries on); with ~10 MB left the next 16 MB WAL segment cannot be created,
  // which PANICs PostgreSQL and wedges the embedded engine until it is reopened.
  for (const [what, leaveFree] of [
    ['a table file cannot grow', 1024 * 1024],
    ['the write-ahead log cannot grow', 10 * 1024 * 1024],
  ] as const) {
    it(`answers 503 when ${what}, stays alive, recovers, and loses nothing acknowledged`, async () => {
      const acknowledged: string[] = [];
      const free = statfsSync(mountPoint);
      try {
        writeFileSync(filler, Buffer.alloc(Math.max(0, free.bavail * free.bsize - leaveFree)));
      } catch {
        // filled to the last byte: fine
      }
      let refused: Response | undefined;
      for (let n = 0; n < 20_000 && !refused; n++) {
        const r = await create(n);
        if (r.status === 201) acknowledged.push(r.headers.get('location')!.split('/fhir/R4/')[1]!.split('/_history')[0]!);
        else refused = r;
      }
      expect(refused?.status).toBe(503);
      const body = (await refused!.json()) as { issue: { diagnostics: string }[] };
      expect(body.issue[0]!.diagnostics).toMatch(/out of disk space/);
      expect(refused!.headers.get('retry-after')).toBeTruthy();
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      // reads of what is there still answer, or say 503 clearly: never hang
      const read = await fetch(`${server.url}/fhir/R4/${acknowledged[0]}`, { signal: AbortSignal.timeout(10_000) });
      expect([200, 503]).toContain(read.status);

      unlinkSync(filler);
      let recovered = false;
      for (let i = 0; i < 60 && !recovered; i++) {
        const r = await create(1_000_000 + i);
        if (r.status === 201) {
          recovered = true;
          acknowledged.push(r.headers.get('location')!.split('/fhir/R4/')[1]!.split('/_history')[0]!);
        } else await new Promise((res) => setTimeout(res, 500));
      }
      expect(recovered).toBe(true);
      const missing: string[] = [];
      for (const id of acknowledged) if ((await fetch(`${server.url}/fhir/R4/${id}`)).status !== 200) missing.push(id);
      if (what.includes('write-ahead')) expect(server.output()).toMatch(/reopened after the disk-full stop/);
      console.log(`full disk (${what}): ${acknowledged.length} acknowledged, ${missing.length} missing after recovery`);
      expect(missing).toEqual([]);
    });
  }
});
