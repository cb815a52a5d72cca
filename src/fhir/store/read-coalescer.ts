/**
 * Group reads: reads by id that arrive while earlier ones are at the database wait, and go
 * to it together as ONE statement when a lane frees up, each with its audit record written
 * by that same statement. Every read is still answered only after the statement holding it
 * (and so its record) has committed.
 *
 * Why: a read's own cost in the database is small; what costs is the statement around it.
 * Each statement is a socket write that wakes a sleeping PostgreSQL backend, a result to
 * parse, and, for an audited read, a second statement for the record (the audit log's group
 * commit). On the 2-core benchmark machine the server's event loop is the bottleneck of a
 * read load, and the write to PostgreSQL's socket alone was about a fifth of its time
 * (bench/RESULTS.md, observations after the 2026-12-07 20:14 UTC run): sixteen reads in
 * one statement pay it once.
 *
 * A lone read is not delayed: with a lane free it goes at once. Only reads whose statements
 * have the same shape (the same access scope SQL; the values differ) share one, so the
 * statement shapes a server prepares stay few. A statement is all or nothing: when a batch
 * fails, each of its reads runs again on its own, so one read's failure is never another's
 * (statement-lanes.ts, shared with the creates' group commit).
 */
import type { Database, Queryable } from '../../db/types.ts';
import { statementName } from '../../db/statement-name.ts';
import { auditRow, keyedAuditInsert, type AuditRecord } from '../../audit/audit-record.ts';
import type { GuardedRow } from './guarded-read.ts';
import { StatementLanes, togetherOrAlone, type Waiter } from './statement-lanes.ts';

/** Reads per statement: a burst of a busy server's connections, not so many that one statement runs long. */
const MAX_BATCH = 16;

export interface CoalescedRead {
  /** One read's SELECT of guarded-read.ts, its parameters numbered from $1 (the shape key). */
  sql: string;
  params: readonly unknown[];
  /** The record of the read, written when the row is visible and not deleted. */
  audit?: AuditRecord;
  /**
   * The read as a statement of its own, record included: what a read that goes alone runs
   * (cheaper than the shared form with one branch: no JSON to build and expand).
   */
  alone?: () => { sql: string; params: unknown[]; name?: string };
}

type Pending = Waiter<CoalescedRead, GuardedRow | undefined>;

export class ReadCoalescer {
  /** Waiting reads by statement shape, oldest shape first (a Map keeps insertion order). */
  private readonly queues = new Map<string, Pending[]>();
  private readonly lanes: StatementLanes<Pending[]>;
  /** For /metrics and tests: statements run and the reads they held (their ratio is the mean batch). */
  readonly counts = { statements: 0, reads: 0, retriedAlone: 0 };

  constructor(
    /**
     * Where statements without a record run: the pool. Only reads made on it directly (not
     * in a transaction, which must see its own writes) may join.
     */
    readonly db: Pick<Database, 'query'>,
    /** Where statements that write records run: the audit log's connection for read records. */
    private readonly recordTarget: Pick<Queryable, 'query'>,
    /** Statements in flight at once; further reads queue behind them. */
    lanes: number,
    /** Names the batch statements so each connection plans them once (statement-name.ts); undefined when no name is left. */
    private readonly nameStatement: (prefix: string, sql: string) => string | undefined = statementName,
  ) {
    this.lanes = new StatementLanes(
      lanes,
      () => this.nextBatch(),
      (batch) => this.flush(batch),
    );
  }

  read(read: CoalescedRead): Promise<GuardedRow | undefined> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(read.sql);
      if (queue) queue.push({ item: read, resolve, reject });
      else this.queues.set(read.sql, [{ item: read, resolve, reject }]);
      this.lanes.pump();
    });
  }

  /** Up to MAX_BATCH reads of the shape that has waited longest. */
  private nextBatch(): Pending[] | undefined {
    const oldest = this.queues.entries().next();
    if (oldest.done) return undefined;
    const [shape, queue] = oldest.value;
    const batch = queue.splice(0, MAX_BATCH);
    if (!queue.length) this.queues.delete(shape);
    return batch;
  }

  private async flush(batch: Pending[]): Promise<void> {
    // Once the server has named as many statements as it may, a new batch statement would go
    // unnamed, and PostgreSQL would plan every branch of it at each batch (4-13 ms for 16
    // reads, against 1-2 ms to run them): each read then goes as a batch of its own, with its
    // own outcome.
    const named = batch.length === 1 || this.statementFor(batch.map((w) => w.item)).name !== undefined;
    const statements = named ? [batch] : batch.map((w) => [w]);
    this.counts.statements += statements.length;
    this.counts.reads += batch.length;
    await Promise.all(
      statements.map((reads) =>
        togetherOrAlone(
          reads,
          (items) => this.run(items),
          (n) => (this.counts.retriedAlone += n),
        ),
      ),
    );
  }

  /** Batch statements by shape, then by size and whether they write records (built once; see statementFor). */
  private readonly statements = new Map<string, Map<number, { sql: string; name?: string }>>();

  /**
   * The statement for these reads (all of one shape, so of the same parameter count):
   * each read's SELECT as a branch numbered k, its parameters renumbered after the
   * previous branches', and, with records, the INSERT of them from the last parameter.
   */
  private statementFor(reads: readonly CoalescedRead[]): { sql: string; name?: string } {
    const withRecords = reads.some((r) => r.audit);
    const shape = reads[0]!.sql;
    const key = reads.length * 2 + (withRecords ? 1 : 0);
    const known = this.statements.get(shape)?.get(key);
    if (known) return known;
    const width = reads[0]!.params.length;
    const branches = reads.map((_, k) => {
      const sql = k ? shape.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + k * width}`) : shape;
      return `SELECT ${k} AS k, s.* FROM (${sql}) AS s`;
    });
    let sql = `WITH g AS (${branches.join(' UNION ALL ')})`;
    if (withRecords) sql += `, a AS (${keyedAuditInsert(`$${reads.length * width + 1}`, 'g')})`;
    sql += ' SELECT * FROM g';
    const name = this.nameStatement('hale_rb', sql);
    const built = name ? { sql, name } : { sql };
    // Kept only while the shapes are few (as statementName names only so many).
    if (name) {
      const sizes = this.statements.get(shape) ?? new Map<number, { sql: string; name?: string }>();
      sizes.set(key, built);
      this.statements.set(shape, sizes);
    }
    return built;
  }

  /** One statement for the reads (all of one shape): their rows by position, undefined where none. */
  private async run(reads: readonly CoalescedRead[]): Promise<(GuardedRow | undefined)[]> {
    const lone = reads.length === 1 ? reads[0]!.alone?.() : undefined;
    if (lone) {
      const target = reads[0]!.audit ? this.recordTarget : this.db;
      return [(await target.query<GuardedRow>(lone.sql, lone.params, lone.name ? { name: lone.name } : {})).rows[0]];
    }
    const records = reads.flatMap((r, k) => (r.audit ? [{ k, record: r.audit }] : []));
    const { sql, name } = this.statementFor(reads);
    const params: unknown[] = [];
    for (const r of reads) params.push(...r.params);
    // The audit JSON is a value, not part of the shape: the statement's text is the same for
    // every batch of this many reads of this shape with records.
    if (records.length) params.push(keyedAuditJson(records));
    const r = await (records.length ? this.recordTarget : this.db).query<GuardedRow & { k: number }>(sql, params, name ? { name } : {});
    const out: (GuardedRow | undefined)[] = new Array(reads.length).fill(undefined);
    for (const row of r.rows) out[row.k] = row;
    return out;
  }
}

function keyedAuditJson(records: { k: number; record: AuditRecord }[]): string {
  return JSON.stringify(records.map(({ k, record }) => ({ k, ...auditRow(record) })));
}
