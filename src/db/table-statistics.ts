/**
 * Keeps the planner's table statistics current. PostgreSQL's autovacuum does this on a
 * server where it is on; the embedded engine has no autovacuum at all, and a server may have
 * it off or lagging behind a bulk load. Without statistics the planner guesses, and at a
 * million resources a guess can turn a primary-key lookup into a scan of the whole table
 * (an import that slowed to a crawl at 1.8 million resources, until ANALYZE).
 *
 * A table is stale when it was never analyzed or has grown by more than a fifth (in pages)
 * since: cheap to tell from the catalog on both engines, with no statistics collector.
 */
import type { Queryable } from './types.ts';
import { tryLockForTransaction } from './advisory-lock.ts';

const STALE_TABLES_SQL = `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = current_schema() AND c.relkind = 'r'
    AND pg_relation_size(c.oid) > 0
    AND (c.reltuples < 0 OR pg_relation_size(c.oid) / current_setting('block_size')::bigint > c.relpages * 1.2 + 8)
  ORDER BY c.relname`;

/** Table names come from the catalog; only plain ones are ever put into the statement. */
const PLAIN_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Runs `fn` in a transaction without the request time limit. This is maintenance, not a
 * request: the limit would cancel a large table's ANALYZE on a busy server (it samples up to
 * 300,000 rows of sp_token), and on a busy machine even the catalog lookup and the lock before
 * it can take longer than a short limit. So the limit is lifted first, for every statement.
 */
async function withoutTimeLimit<T>(db: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL statement_timeout = 0');
    return fn(tx);
  });
}

/**
 * ANALYZEs the current schema's stale tables and returns their names. A table at a time, each
 * in its own short transaction (the embedded engine's one connection serves requests between
 * them), and one process at a time per table.
 */
export async function refreshStaleStatistics(db: Queryable): Promise<string[]> {
  const stale = await withoutTimeLimit(db, async (tx) =>
    (await tx.query<{ relname: string }>(STALE_TABLES_SQL)).rows.map((r) => r.relname).filter((n) => PLAIN_NAME.test(n)),
  );
  const analyzed: string[] = [];
  for (const table of stale) {
    const done = await withoutTimeLimit(db, async (tx) => {
      if (!(await tryLockForTransaction(tx, 'analyze'))) return false;
      await tx.exec(`ANALYZE ${table}`);
      return true;
    });
    if (done) analyzed.push(table);
  }
  return analyzed;
}

export interface StatisticsTimer {
  stop(): Promise<void>;
}

/**
 * Looks for stale tables a minute after a server starts (not during start-up, when it has
 * other work and short-lived servers would pay for nothing), then every `everyMs`.
 */
export function startStatisticsTimer(
  db: Queryable,
  everyMs: number,
  onError: (err: unknown) => void,
  firstAfterMs = 60_000,
): StatisticsTimer {
  let running: Promise<unknown> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const round = () => {
    running ??= refreshStaleStatistics(db)
      .catch(onError)
      .finally(() => (running = undefined));
  };
  const first = setTimeout(() => {
    round();
    timer = setInterval(round, everyMs);
    timer.unref();
  }, firstAfterMs);
  first.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * For a bulk load (`hale import`, `hale generate`): `after` each write looks for stale tables
 * at most every `everyMs` (while one round runs, the other writers go on), and `finish` once
 * more at the end, so the server that opens the data next plans with current figures.
 * A round that fails is reported to `onError` and never fails the write it followed: the
 * write is committed, and the next round tries again.
 */
export function statisticsDuringLoad(
  db: Queryable,
  onError: (err: unknown) => void,
  everyMs = 60_000,
): { after(): Promise<void>; finish(): Promise<void> } {
  let last = Date.now();
  let running: Promise<unknown> | undefined;
  const round = () => refreshStaleStatistics(db).catch(onError);
  return {
    async after() {
      if (running || Date.now() - last < everyMs) return;
      last = Date.now();
      running = round().finally(() => (running = undefined));
      await running;
    },
    async finish() {
      await running;
      await round();
    },
  };
}
