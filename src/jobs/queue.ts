/**
 * The durable job queue: pg-boss on Hale's own database (both engines), in its own schema
 * (HALE_JOBS_SCHEMA). Jobs are rows, so they survive a restart, and a failed job is tried
 * again with a doubling wait. The server starts the queue after the migrations and stops it
 * after the last request; modules define their jobs and register workers on it.
 *
 * A job can be enqueued inside a caller's transaction (`enqueue(..., { tx })`): it then
 * commits or rolls back with the caller's writes, so "booked" and "confirmation to send"
 * are never apart. Every queue uses pg-boss's `stately` policy: at most one job per
 * singleton key waits (and one runs) at a time, so enqueuing the same key twice keeps one.
 */
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { JobsConfig } from '../config.ts';
import type { Database, Queryable } from '../db/types.ts';
import { bossDb, unwrapTransaction } from './boss-db.ts';

export interface JobDefinition<T> {
  readonly name: string;
  readonly retryLimit: number;
  /** Seconds before the first retry; doubled for each further one (with jitter). */
  readonly retryDelaySeconds: number;
  /** Longest a job may run before it counts as failed. */
  readonly expireInSeconds: number;
  /** Type only: the data a job of this kind carries. */
  readonly _data?: T;
}

export function defineJob<T>(
  name: string,
  opts: { retryLimit: number; retryDelaySeconds: number; expireInSeconds?: number },
): JobDefinition<T> {
  if (!/^[a-z][a-z0-9.-]{0,63}$/.test(name)) throw new Error(`bad job name '${name}'`);
  return Object.freeze({ name, expireInSeconds: 300, ...opts });
}

export interface EnqueueOptions {
  /** Not before this instant (default: now). */
  startAfter?: Date;
  /** Jobs with the same key are one: a second enqueue while one waits is dropped. */
  singletonKey?: string;
  /** Override the definition's retries for this job. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** Write the job inside this open transaction (it commits with it). */
  tx?: Queryable;
}

export interface RunningJob<T> {
  id: string;
  data: T;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
  singletonKey: string | null;
}

/** A job as stored, for the screens and the tests ("when will the reminder go?"). */
export interface QueuedJob<T = unknown> {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  data: T;
  singletonKey: string | null;
  startAfter: Date;
  retryCount: number;
  output: unknown;
  createdOn: Date;
  completedOn: Date | null;
}

/**
 * What pg-boss is doing on our database: statements in flight and handlers running. pg-boss's
 * stop does not wait for a worker's fetch in flight (a job it returns then still runs), nor
 * for the statement that marks a finished job complete or failed (it does not await it);
 * closing the database under them left an unhandled rejection. The queue's stop waits here
 * until both are done.
 */
class BossActivity {
  statements = 0;
  handlers = 0;

  track(db: ReturnType<typeof bossDb>): ReturnType<typeof bossDb> {
    return {
      executeSql: async (text, values) => {
        this.statements++;
        try {
          return await db.executeSql(text, values);
        } finally {
          this.statements--;
        }
      },
    };
  }

  /** Resolves once nothing has run for two looks in a row (a finished handler's completion starts a tick later), or at the deadline. */
  async settled(deadline: number): Promise<void> {
    let quiet = 0;
    while (quiet < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      quiet = this.statements === 0 && this.handlers === 0 ? quiet + 1 : 0;
    }
  }
}

export class JobQueue {
  private readonly workers = new Map<string, string>();
  private stopped = false;

  private constructor(
    private readonly boss: PgBoss,
    private readonly db: Database,
    readonly config: JobsConfig,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
    private readonly activity: BossActivity,
  ) {}

  /** Creates (or migrates) the queue's schema and starts its housekeeping. */
  static async start(db: Database, config: JobsConfig, logger: Pick<Logger, 'warn' | 'error'>): Promise<JobQueue> {
    await installOnce(db, config.schema);
    const activity = new BossActivity();
    const boss = new PgBoss({
      db: activity.track(bossDb(db)),
      schema: config.schema,
      // No cron schedules here (timers of our own run the periodic work): no clock-skew polling.
      schedule: false,
      supervise: true,
      pollingIntervalSeconds: config.pollSeconds,
    });
    const queue = new JobQueue(boss, db, config, logger, activity);
    boss.on('error', (err: unknown) => {
      if (!queue.stopped) logger.warn({ err }, 'job queue error; it carries on');
    });
    await boss.start();
    return queue;
  }

  /**
   * Creates the job's queue if it does not exist yet (idempotent, safe on several servers),
   * and brings its retry settings up to date (they may have changed since it was created).
   */
  async define(def: JobDefinition<unknown>): Promise<void> {
    const settings = {
      retryLimit: def.retryLimit,
      retryDelay: def.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: def.expireInSeconds,
    };
    // Under the install lock, in one transaction: two servers defining the same queue at once
    // would otherwise race in pg-boss's create_queue (a partition created and attached) and one
    // would fail with a deadlock.
    await this.db.transaction(async (tx) => {
      await lockInstall(tx, this.config.schema);
      const boss = new PgBoss({ db: bossDb(tx), schema: this.config.schema });
      await boss.createQueue(def.name, { name: def.name, policy: 'stately', ...settings });
      await boss.updateQueue(def.name, { name: def.name, ...settings });
    });
  }

  /** Adds a job; returns its id, or null when a job with the same singleton key is already waiting. */
  async enqueue<T extends object>(def: JobDefinition<T>, data: T, opts: EnqueueOptions = {}): Promise<string | null> {
    const id = await this.boss.send(def.name, data, {
      ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      ...(opts.retryLimit !== undefined ? { retryLimit: opts.retryLimit } : {}),
      ...(opts.retryDelaySeconds !== undefined ? { retryDelay: opts.retryDelaySeconds } : {}),
      ...(opts.retryBackoff !== undefined ? { retryBackoff: opts.retryBackoff } : {}),
      ...(opts.tx ? { db: bossDb(opts.tx) } : {}),
    });
    // A job due now: wake the worker rather than wait for its next look (it sees the job once the enqueuing transaction commits).
    if (id && (!opts.startAfter || opts.startAfter.getTime() <= Date.now())) this.wake(def.name);
    return id;
  }

  /**
   * Runs `handler` for each due job of this kind, one at a time, on this server (when
   * HALE_JOBS_WORK is on). A handler that throws fails the attempt: pg-boss tries again
   * after the definition's back-off, up to its retry limit. What it returns is kept as the
   * job's output.
   */
  async work<T>(def: JobDefinition<T>, handler: (job: RunningJob<T>) => Promise<unknown>): Promise<void> {
    if (!this.config.work || this.stopped) return;
    const id = await this.boss.work<T>(def.name, { includeMetadata: true, batchSize: 1 }, async ([job]) => {
      if (!job) return undefined;
      // Fetched while the queue was stopping: not started, so it fails at once and runs again after the restart.
      if (this.stopped) throw new Error('the server was stopping; the job runs again');
      this.activity.handlers++;
      try {
        return await handler({
          id: job.id,
          data: job.data,
          retryCount: job.retryCount,
          retryLimit: job.retryLimit,
          singletonKey: job.singletonKey,
        });
      } finally {
        this.activity.handlers--;
      }
    });
    this.workers.set(def.name, id);
  }

  /** Tells this server's worker for the job to look now. */
  wake(name: string): void {
    const id = this.workers.get(name);
    if (id) this.boss.notifyWorker(id);
  }

  /** Jobs of a kind, newest first (see listJobs). */
  jobs<T>(def: JobDefinition<T>, filter: JobFilter = {}): Promise<QueuedJob<T>[]> {
    return listJobs<T>(this.db, this.config.schema, def.name, filter);
  }

  /**
   * Stops taking jobs and waits up to `graceMs` for the running ones; a job still running
   * then is marked failed and runs again (from the start) on the next server that works.
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const timeout = Math.max(1000, graceMs);
    const deadline = Date.now() + timeout;
    try {
      await this.boss.stop({ graceful: true, wait: true, timeout });
    } catch (err) {
      this.logger.warn({ err }, 'job queue did not stop cleanly; unfinished jobs run again after the restart');
    }
    await this.activity.settled(deadline + 1000);
  }
}

export interface JobFilter {
  /** Only jobs whose singleton key starts with this. */
  keyPrefix?: string;
  states?: QueuedJob['state'][];
}

/** Jobs of a kind in a queue schema, newest first: for screens, tests and operators ("when does the reminder go?"). */
export async function listJobs<T>(db: Queryable, schema: string, name: string, filter: JobFilter = {}): Promise<QueuedJob<T>[]> {
  if (!/^[a-z_][a-z0-9_]{0,49}$/.test(schema)) throw new Error(`bad job queue schema '${schema}'`);
  const r = await db.query<QueuedJob<T>>(
    `SELECT id, name, state::text AS state, data, singleton_key AS "singletonKey", start_after AS "startAfter",
            retry_count AS "retryCount", output, created_on AS "createdOn", completed_on AS "completedOn"
       FROM ${schema}.job
      WHERE name = $1 AND ($2::text IS NULL OR starts_with(singleton_key, $2)) AND ($3::text[] IS NULL OR state::text = ANY($3::text[]))
      ORDER BY created_on DESC, id`,
    [name, filter.keyPrefix ?? null, filter.states ?? null],
  );
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return r.rows.map((j) => ({
    ...j,
    data: parse(j.data) as T,
    output: parse(j.output),
    startAfter: new Date(j.startAfter),
    createdOn: new Date(j.createdOn),
    completedOn: j.completedOn ? new Date(j.completedOn) : null,
  }));
}

/**
 * Creates pg-boss's schema if it is not there, once, when several servers start together on
 * an empty database. pg-boss checks "installed?" and then creates under its own lock, so the
 * second of two servers starting at once would wait for the first and then fail creating what
 * now exists. Here the check and the creation happen under one lock of ours, in one
 * transaction; pg-boss's own start then finds its schema and only migrates it if it is older.
 */
async function installOnce(db: Database, schema: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockInstall(tx, schema);
    const found = await tx.query<{ installed: boolean }>('SELECT to_regclass($1) IS NOT NULL AS installed', [`${schema}.version`]);
    if (found.rows[0]?.installed) return;
    const plan = PgBoss.getConstructionPlans(schema);
    await tx.exec(unwrapTransaction(plan));
  });
}

/** The lock that keeps the queue's schema and queue definitions to one server at a time. */
async function lockInstall(tx: Queryable, schema: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`hale-jobs-install:${schema}`]);
}
