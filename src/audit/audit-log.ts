/**
 * The server's audit log. Writes append rows in the caller's transaction; reads queue their
 * records and share one INSERT with whatever else arrives within a few milliseconds (group
 * commit), and the read's answer waits for that INSERT: an acknowledged request always has
 * its record in the database (see readCommit for what a database crash may lose). A sealer links new rows into the HMAC chain every second and moves the
 * checkpoint outside the database forward.
 */
import type { Logger } from 'pino';
import type { Database, Queryable } from '../db/types.ts';
import { auditInsert, type AuditRecord } from './audit-record.ts';
import { sealPending } from './seal.ts';

export interface AuditLogOptions {
  db: Database;
  key: string;
  checkpointFile: string;
  logger?: Logger;
  maxBatch?: number;
  sealEveryMs?: number;
  /**
   * 'fast' (default): read records commit without waiting for the disk flush (a database
   * crash may lose the last fraction of a second of them). 'durable': every batch waits for
   * it (HALE_AUDIT_READ_COMMIT). Records of writes always commit with the write.
   */
  readCommit?: 'fast' | 'durable';
}

interface Waiting {
  records: AuditRecord[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class AuditLog {
  private queue: Waiting[] = [];
  private queued = 0;
  private flushing: Promise<void> | undefined;
  private sealer: NodeJS.Timeout | undefined;
  private sealing: Promise<void> | undefined;
  /** INSERT statements issued for queued records (for tests and metrics). */
  batches = 0;

  constructor(private readonly opts: AuditLogOptions) {}

  /**
   * Where read records commit (without waiting for the disk flush unless readCommit is
   * 'durable'): this log's batches, and the grouped reads' statements (read-coalescer.ts).
   */
  get readTarget(): Pick<Queryable, 'query'> {
    return this.opts.readCommit === 'durable' ? this.opts.db : (this.opts.db.relaxedCommit ?? this.opts.db);
  }

  /** Reads in flight that write their own record (through ownStatement). */
  private ownStatements = 0;
  private readonly ownStatementConnection: Pick<Queryable, 'query'> = {
    query: async (sql, params, options) => {
      this.ownStatements++;
      try {
        return await this.readTarget.query(sql, params, options);
      } finally {
        this.ownStatements--;
      }
    },
  };

  /**
   * Where a read may write its record in its own statement (one round trip, committed like
   * a batch), or undefined: only while no other read record is being written. Under
   * concurrency, records share INSERTs instead (group commit): a commit per read would cost
   * the database more than the round trip it saves.
   */
  get ownStatement(): Pick<Queryable, 'query'> | undefined {
    if (this.flushing || this.queue.length || this.ownStatements > 0) return undefined;
    return this.ownStatementConnection;
  }

  /** In the transaction of a change. */
  async appendInTx(tx: Queryable, records: AuditRecord[]): Promise<void> {
    if (!records.length) return;
    const { sql, params } = auditInsert(records);
    await tx.query(sql, params, { name: 'hale_audit_insert' });
  }

  /**
   * Queued with others; resolves once the records are committed. When no INSERT is in
   * flight the records go at once (no added latency at low load); while one is in flight,
   * everything that arrives waits for it and then goes together in the next (group commit).
   */
  record(records: AuditRecord[]): Promise<void> {
    if (!records.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      this.queued += records.length;
      if (!this.flushing || this.queued >= (this.opts.maxBatch ?? 1000)) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    // One INSERT at a time; whatever queues meanwhile goes in the next one.
    while (this.flushing) await this.flushing;
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    this.queued = 0;
    this.flushing = (async () => {
      try {
        const { sql, params } = auditInsert(batch.flatMap((w) => w.records));
        // 'fast': committed without waiting for the disk flush. The row is in the database
        // before the read answers, so a crash of this process loses nothing; only a crash of
        // the database server within the WAL writer's delay (~0.6 s at most) could. Waiting
        // for a flush per read costs more than the read itself.
        await this.readTarget.query(sql, params, { name: 'hale_audit_insert' });
        this.batches++;
        for (const w of batch) w.resolve();
      } catch (err) {
        this.opts.logger?.error({ err }, 'audit records could not be written; the requests that made them fail');
        for (const w of batch) w.reject(err);
      }
    })();
    await this.flushing;
    this.flushing = undefined;
    if (this.queue.length) void this.flush();
  }

  start(): void {
    this.sealer ??= setInterval(
      () => void this.sealNow().catch((err: unknown) => this.opts.logger?.error({ err }, 'audit sealing failed')),
      this.opts.sealEveryMs ?? 1000,
    );
    this.sealer.unref();
  }

  /** Links every committed unsealed row into the chain; returns when done. */
  async sealNow(): Promise<number> {
    while (this.sealing) await this.sealing;
    let sealed = 0;
    this.sealing = (async () => {
      sealed = await sealPending(this.opts.db, this.opts.key, this.opts.checkpointFile);
    })();
    try {
      await this.sealing;
    } finally {
      this.sealing = undefined;
    }
    return sealed;
  }

  async close(): Promise<void> {
    if (this.sealer) clearInterval(this.sealer);
    this.sealer = undefined;
    await this.flush();
    await this.sealNow();
  }
}
