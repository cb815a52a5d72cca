/**
 * `hale reindex [--type T ...] [--batch N]`: rebuilds the search index rows of every
 * current resource (or of some types) from its stored content, with progress. Needed
 * after a change to what is extracted at write time; servers do it by themselves for
 * the requests migrations leave (reindex-on-start.ts), this is the same by hand. A full
 * pass marks those requests done. On PostgreSQL it runs beside the servers; on the
 * embedded database the server must be stopped (one process per data folder).
 */
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { KeyRing } from '../crypto/key-ring.ts';
import { SensitiveFields } from '../crypto/sensitive-fields.ts';
import { isResourceType } from '../fhir/definitions.ts';
import { countReindexTargets, reindexResources, type ReindexProgress, type ReindexResult } from '../fhir/store/reindex.ts';
import { markReindexDone, pendingRequestIds, withReindexLock } from '../fhir/store/reindex-requests.ts';
import { DataDirLockedError } from '../ops/data-dir-lock.ts';
import { loadOrCreateSecrets } from '../ops/secrets.ts';
import { openStoreForCli } from './open-store.ts';

export interface ReindexFlags {
  type?: string[];
  batch?: string;
  quiet?: boolean;
}

/** Lines printed when the output is not a terminal: the first batch, then at most one every this many ms, then the last. */
const LINE_EVERY_MS = 2000;

export async function reindexCommand(flags: ReindexFlags): Promise<number> {
  const named = (flags.type ?? []).flatMap((t) => t.split(',')).filter(Boolean);
  const types = named.length ? [...new Set(named)] : undefined;
  const unknown = types?.filter((t) => !isResourceType(t)) ?? [];
  if (unknown.length) {
    console.error(`--type: not an R4 resource type: ${unknown.join(', ')}`);
    return 2;
  }
  const batchSize = flags.batch === undefined ? 500 : Number(flags.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    console.error(`--batch: expected a whole number from 1 to 10000, got '${flags.batch}'`);
    return 2;
  }

  const config = loadConfig();
  let store;
  try {
    store = await openStoreForCli(config, 'reindex');
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(
        `${err.message} Stop the server, then run \`hale reindex\` again: the embedded database allows one process at a time. ` +
          `(A server rebuilds the index by itself after a migration that asks for it.)`,
      );
      return 2;
    }
    throw err;
  }
  try {
    await migrate(store.db);
    const secrets = loadOrCreateSecrets(config.dataDir);
    const fields = await SensitiveFields.load(
      store.db,
      KeyRing.open({ dataDir: config.dataDir, seedKey: secrets.fieldKey, autoReloadMs: 0 }),
    );
    const outcome = await withReindexLock(store.db, async () => {
      // Requests pending now are covered by a full pass that starts after this.
      const covered = types ? [] : await pendingRequestIds(store.db);
      const total = await countReindexTargets(store.db, types);
      console.log(`Reindexing ${total} resources (${types ? types.join(', ') : 'all types'}), ${batchSize} per batch.`);
      const progress = progressDisplay(flags.quiet ?? false, total);
      let result: ReindexResult;
      try {
        result = await reindexResources({ db: store.db, fields, types, batchSize, onProgress: (p) => progress.update(p) });
      } finally {
        progress.stop();
      }
      await markReindexDone(store.db, covered);
      return { result, covered };
    });
    if (outcome === 'busy') {
      console.error('Another Hale process is rebuilding the search index now (a server after an upgrade). Run `hale reindex` again later.');
      return 2;
    }
    printSummary(outcome.result, outcome.covered);
    return 0;
  } finally {
    await store.close();
  }
}

interface ProgressDisplay {
  update(p: ReindexProgress): void;
  stop(): void;
}

function rateOf(p: ReindexProgress): number {
  return Math.round(p.resourcesDone / Math.max(p.elapsedMs / 1000, 0.001));
}

function progressDisplay(quiet: boolean, total: number): ProgressDisplay {
  if (quiet) return { update() {}, stop() {} };
  if (process.stdout.isTTY) {
    const bar = new SingleBar(
      { format: 'Reindexing [{bar}] {value}/{total} resources | {rate} resources/s | {at}', hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0, { rate: 0, at: '' });
    return {
      update(p) {
        // Resources created while the pass runs can push the count past the first total.
        if (p.resourcesDone > total) bar.setTotal(p.resourcesDone);
        bar.update(p.resourcesDone, { rate: rateOf(p), at: p.cursor.type });
      },
      stop() {
        bar.stop();
      },
    };
  }
  // Not a terminal (a log, a CI job): plain lines instead of a redrawn bar.
  let lastLine = 0;
  let pending: ReindexProgress | undefined;
  const line = (p: ReindexProgress) => {
    console.log(
      `Reindexing: ${p.resourcesDone}/${Math.max(total, p.resourcesDone)} resources, ${rateOf(p)} resources/s, now in ${p.cursor.type}`,
    );
    lastLine = Date.now();
    pending = undefined;
  };
  return {
    update(p) {
      if (lastLine === 0 || Date.now() - lastLine >= LINE_EVERY_MS) line(p);
      else pending = p;
    },
    stop() {
      if (pending) line(pending);
    },
  };
}

function printSummary(r: ReindexResult, covered: readonly number[]): void {
  const secs = (r.elapsedMs / 1000).toFixed(1);
  const rate = Math.round(r.resources / Math.max(r.elapsedMs / 1000, 0.001));
  console.log(`Reindexed ${r.resources} resources in ${secs} s (${rate} resources/s).`);
  const types = [...r.byType.entries()].sort((a, b) => b[1] - a[1]);
  if (types.length) {
    const width = Math.max(...types.map(([t]) => t.length));
    for (const [type, n] of types) console.log(`  ${type.padEnd(width)}  ${n}`);
  }
  if (r.tombstones) console.log(`Deleted resources kept out of the index: ${r.tombstones}.`);
  if (covered.length) console.log(`Marked ${covered.length} pending reindex request(s) done.`);
}
