/**
 * A full disk must not kill the embedded server: writes answer 503 with a clear message,
 * the process stays up, it recovers when space returns, and nothing acknowledged is lost.
 * Uses size-limited tmpfs mounts as data folders (needs root to mount; said and not run
 * where mounting is not allowed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite, type PgliteOptions } from '../src/db/pglite-engine.ts';
import { startChildServer, type ChildServer } from './support/child-server.ts';

/** Mounts a 96 MB tmpfs on a fresh folder; the caller unmounts it. */
function mountTmpfs(prefix: string): string {
  const mountPoint = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', mountPoint], { stdio: 'ignore' });
  } catch (err) {
    rmSync(mountPoint, { recursive: true, force: true });
    throw err;
  }
  return mountPoint;
}
function unmount(mountPoint: string | undefined): void {
  if (!mountPoint) return;
  try {
    execFileSync('umount', [mountPoint]);
  } catch {
    // already unmounted
  }
  rmSync(mountPoint, { recursive: true, force: true });
}
/**
 * Whether tmpfs can be mounted here, probed once and undone at once: the tests mount their
 * own in beforeAll, so a run filtered to other tests (-t) leaves nothing mounted.
 */
function canMount(): boolean {
  if (process.env.DATABASE_URL) return false; // the embedded engine's concern
  try {
    unmount(mountTmpfs('hale-fulldisk-probe-'));
    return true;
  } catch {
    console.warn('cannot mount a tmpfs here (not root?): the full-disk test does not run');
    return false;
  }
}
/** Fills the disk under `dir` with one file, leaving about `leaveFree` bytes. */
function fill(file: string, leaveFree: number): void {
  const free = statfsSync(path.dirname(file));
  try {
    writeFileSync(file, Buffer.alloc(Math.max(0, free.bavail * free.bsize - leaveFree)));
  } catch {
    // filled to the last byte: fine
  }
}

const mountable = canMount();

describe.runIf(mountable)('full disk (embedded engine)', () => {
  let mountPoint: string | undefined;
  let filler: string;
  let server: ChildServer;
  beforeAll(async () => {
    mountPoint = mountTmpfs('hale-fulldisk-');
    filler = path.join(mountPoint, 'filler');
    server = await startChildServer({ HALE_DATA_DIR: path.join(mountPoint, 'data') });
  });
  afterAll(async () => {
    await server?.stop();
    unmount(mountPoint);
  });

  const create = async (n: number) =>
    server.fetch(`${server.url}/fhir/R4/Patient`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', prefer: 'return=minimal' },
      body: JSON.stringify({ resourceType: 'Patient', name: [{ family: `Full${n}`, given: ['x'.repeat(3000)] }] }),
    });

  // Two ways to run out: with ~1 MB left a table file cannot grow (PostgreSQL reports an
  // error and carries on); with ~10 MB left the next 16 MB WAL segment cannot be created,
  // which PANICs PostgreSQL (an error, or a spin inside the statement) and stops the
  // embedded engine until it is reopened.
  for (const [what, leaveFree] of [
    ['a table file cannot grow', 1024 * 1024],
    ['the write-ahead log cannot grow', 10 * 1024 * 1024],
  ] as const) {
    it(`answers 503 when ${what}, stays alive, recovers, and loses nothing acknowledged`, async () => {
      const acknowledged: string[] = [];
      fill(filler, leaveFree);
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
      const read = await server.fetch(`${server.url}/fhir/R4/${acknowledged[0]}`, { signal: AbortSignal.timeout(10_000) });
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
      for (const id of acknowledged) if ((await server.fetch(`${server.url}/fhir/R4/${id}`)).status !== 200) missing.push(id);
      if (what.includes('write-ahead')) expect(server.output()).toMatch(/reopened after the disk-full stop/);
      console.log(`full disk (${what}): ${acknowledged.length} acknowledged, ${missing.length} missing after recovery`);
      expect(missing).toEqual([]);
    });
  }
});

/**
 * The wedge itself, at the engine: PGlite does not always report the WAL PANIC; it can spin
 * inside the statement instead. A statement that never ends (a PL/pgSQL endless loop, a
 * spin in the WASM as real as that one) while the disk has no room for a WAL segment must
 * give 503 within seconds without blocking the main thread, and the engine must reopen by
 * itself, with every committed row, once there is room.
 */
describe.runIf(mountable)('full disk: a statement wedged in the embedded engine', () => {
  let engineMount: string | undefined;
  beforeAll(() => {
    engineMount = mountTmpfs('hale-fulldisk-engine-');
  });
  afterAll(() => unmount(engineMount));

  it('stops the wedged worker with 503, keeps the event loop free, and reopens with the data', async () => {
    const messages: string[] = [];
    const log =
      (level: string) =>
      (...args: unknown[]) =>
        messages.push(`${level} ${args.map((a) => (typeof a === 'string' ? a : '')).join(' ')}`);
    const logger = { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') } as unknown as NonNullable<
      PgliteOptions['logger']
    >;
    const db = await openPglite(path.join(engineMount!, 'data'), { logger });
    try {
      await db.exec('CREATE TABLE wedge (id int PRIMARY KEY, at timestamptz NOT NULL)');
      const at = new Date('2024-05-06T07:08:09.123Z');
      for (let i = 0; i < 200; i++) await db.query('INSERT INTO wedge VALUES ($1, $2)', [i, at]);
      const filler = path.join(engineMount!, 'filler');
      fill(filler, 10 * 1024 * 1024);

      let ticks = 0;
      const ticker = setInterval(() => ticks++, 100);
      const started = Date.now();
      const outcome = (p: Promise<unknown>) =>
        p.then(
          () => 'answered',
          (err: { code?: string; message?: string; headers?: Record<string, string> }) => err,
        );
      const spinning = outcome(db.query('DO $$ BEGIN LOOP END LOOP; END $$'));
      const queued = outcome(db.query('SELECT count(*) FROM wedge'));
      const spun = (await spinning) as HaleErrorLike;
      const waited = Date.now() - started;
      clearInterval(ticker);
      expect(spun.code).toBe('unavailable');
      expect(spun.message).toMatch(/out of disk space/);
      expect(spun.headers?.['Retry-After']).toBeTruthy();
      expect(waited).toBeLessThan(15_000);
      // the main thread kept running all the while (a tick every 100 ms)
      expect(ticks).toBeGreaterThan(waited / 100 / 2);
      expect(((await queued) as HaleErrorLike).code).toBe('unavailable');
      // later calls fail at once, not after another wait
      const t = Date.now();
      await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'unavailable' });
      await expect(db.transaction(async (tx) => tx.query('SELECT 1'))).rejects.toMatchObject({ code: 'unavailable' });
      expect(Date.now() - t).toBeLessThan(1000);
      expect(messages.some((m) => m.startsWith('error') && /disk is full/.test(m))).toBe(true);

      unlinkSync(filler);
      let rows: { n: number; at: Date }[] | undefined;
      for (let i = 0; i < 60 && !rows; i++) {
        try {
          rows = (await db.query<{ n: number; at: Date }>('SELECT count(*)::int AS n, min(at) AS at FROM wedge')).rows;
        } catch {
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      expect(rows?.[0]?.n).toBe(200);
      expect(rows?.[0]?.at).toEqual(at);
      expect(messages.some((m) => m.startsWith('warn') && /reopened after the disk-full stop/.test(m))).toBe(true);
      // and it writes again
      await db.transaction(async (tx) => tx.query('INSERT INTO wedge VALUES ($1, $2)', [1000, at]));
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wedge')).rows[0]!.n).toBe(201);
    } finally {
      await db.close();
    }
  });
});

interface HaleErrorLike {
  code?: string;
  message?: string;
  headers?: Record<string, string>;
}
