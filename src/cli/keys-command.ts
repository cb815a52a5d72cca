/**
 * `hale keys rotate`: adds a field-encryption key, makes it active and re-encrypts the
 * stored sensitive values with it, showing progress; resumes an interrupted rotation.
 * On PostgreSQL it runs beside the servers; on the embedded database the server must be
 * stopped (one process per data folder).
 */
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { KeyRing } from '../crypto/key-ring.ts';
import { RotationRefusedError, rotateKeys, type RotationProgress, type RotationResult, type RotationStart } from '../crypto/rotate.ts';
import { DataDirLockedError } from '../ops/data-dir-lock.ts';
import { loadOrCreateSecrets } from '../ops/secrets.ts';
import { openStoreForCli } from './open-store.ts';

export interface KeysRotateOptions {
  /** Rows per batch (one transaction each). */
  batchSize?: number;
  quiet?: boolean;
}

/** Lines printed when the output is not a terminal: the first batch, then at most one every this many ms, then the last. */
const LINE_EVERY_MS = 2000;

export async function keysRotateCommand(opts: KeysRotateOptions = {}): Promise<number> {
  const config = loadConfig();
  let store;
  try {
    store = await openStoreForCli(config, 'keys rotate');
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(
        `${err.message} Stop the server, then run \`hale keys rotate\` again: the embedded database allows one process at a time. ` +
          `(On PostgreSQL, rotation runs while the servers serve.)`,
      );
      return 2;
    }
    throw err;
  }
  try {
    await migrate(store.db);
    const secrets = loadOrCreateSecrets(config.dataDir);
    const keyRing = KeyRing.open({ dataDir: config.dataDir, seedKey: secrets.fieldKey, autoReloadMs: 0 });
    console.log(`Field keys: ${keyRing.sourceDescription}`);
    const progress = progressDisplay(opts.quiet ?? false);
    let result: RotationResult;
    try {
      result = await rotateKeys({
        db: store.db,
        keyRing,
        batchSize: opts.batchSize,
        onStart: (s) => {
          printStart(s);
          progress.start(s);
        },
        onProgress: (p) => progress.update(p),
      });
    } catch (err) {
      progress.stop();
      if (err instanceof RotationRefusedError) {
        console.error(err.message);
        return 2;
      }
      throw err;
    }
    progress.stop();
    printSummary(result, keyRing);
    return result.status === 'finished' ? 0 : 1;
  } finally {
    await store.close();
  }
}

function printStart(s: RotationStart): void {
  if (s.resumed) {
    console.log(`Resuming rotation ${s.rotationId} to key ${s.toKid} (from ${s.fromKids.join(', ') || 'no older key'}).`);
  } else if (s.addedKey) {
    console.log(`New key: ${s.toKid} (active from now on). Re-encrypting values under ${s.fromKids.join(', ') || 'no older key'}.`);
  } else {
    console.log(`Active key: ${s.toKid}. Re-encrypting values under ${s.fromKids.join(', ')}.`);
  }
  console.log(`${s.rowsTotal} stored rows (current and history) hold values under older keys.`);
}

interface ProgressDisplay {
  start(s: RotationStart): void;
  update(p: RotationProgress): void;
  stop(): void;
}

function progressDisplay(quiet: boolean): ProgressDisplay {
  if (quiet) return { start() {}, update() {}, stop() {} };
  if (process.stdout.isTTY) {
    const bar = new SingleBar({ format: 'Re-encrypting [{bar}] {value}/{total} rows | {table}', hideCursor: true }, Presets.shades_classic);
    let started = false;
    return {
      start(s) {
        bar.start(Math.max(s.rowsTotal, 1), 0, { table: 'resource' });
        started = true;
      },
      update(p) {
        bar.setTotal(Math.max(p.rowsTotal, 1));
        bar.update(p.rowsDone, { table: p.table });
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  // Not a terminal (a log, a CI job): plain lines instead of a redrawn bar.
  let lastLine = 0;
  let pending: RotationProgress | undefined;
  const line = (p: RotationProgress) => {
    const pct = p.rowsTotal ? Math.floor((100 * p.rowsDone) / p.rowsTotal) : 100;
    console.log(`Re-encrypting: ${p.rowsDone}/${p.rowsTotal} rows (${pct}%), now in ${p.table}`);
    lastLine = Date.now();
    pending = undefined;
  };
  return {
    start() {},
    update(p) {
      if (lastLine === 0 || Date.now() - lastLine >= LINE_EVERY_MS) line(p);
      else pending = p;
    },
    stop() {
      if (pending) line(pending);
    },
  };
}

function printSummary(r: RotationResult, keyRing: KeyRing): void {
  const secs = (r.elapsedMs / 1000).toFixed(1);
  const rows = `${r.resourceRows + r.historyRows} rows (${r.resourceRows} current, ${r.historyRows} history)`;
  if (r.status === 'finished') {
    console.log(`Rotation ${r.rotationId} finished: re-encrypted ${rows} with key ${r.toKid} in ${secs} s.`);
    if (r.retiredKids.length) console.log(`Retired keys (kept so older values and backups stay readable): ${r.retiredKids.join(', ')}.`);
    console.log(`Keys now: ${keyRing.kids.join(', ')}; active ${keyRing.activeKid}.`);
  } else if (r.status === 'interrupted') {
    console.log(
      `Rotation ${r.rotationId} stopped after re-encrypting ${rows}; ${r.remaining} rows left. Run \`hale keys rotate\` again to resume.`,
    );
  } else {
    console.error(
      `Rotation ${r.rotationId}: re-encrypted ${rows}, but ${r.remaining} rows still hold older keys: servers are still writing ` +
        `with the old key. Make sure every server reads ${keyRing.sourceDescription}, then run \`hale keys rotate\` again to finish.`,
    );
  }
}
