/**
 * The one database interface the rest of Hale sees. Two engines implement it:
 * PGlite (embedded, one connection) and a PostgreSQL server (pooled). Both speak
 * the same SQL with $1..$n bound parameters; nothing builds SQL from client text.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * A name for a statement whose SQL text never changes: the PostgreSQL engine then
   * prepares it once per connection (parse and plan skipped afterwards).
   */
  name?: string;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs fn in a transaction: BEGIN/COMMIT at the top level, a SAVEPOINT when nested,
   * so a nested failure rolls back only its own part.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export type EngineName = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly engine: EngineName;
  /** Pool figures for /metrics (PGlite reports one connection). */
  poolStats(): { total: number; idle: number; waiting: number };
  /**
   * Statements on this run on connections whose commits do not wait for the disk flush
   * (PostgreSQL `synchronous_commit = off`): a crash of this process loses nothing they
   * committed, a crash of the database server may lose the last fraction of a second. For
   * append-only records where one round trip matters more (audit records of reads). Absent
   * on the embedded engine, which never waits for a flush anyway.
   */
  readonly relaxedCommit?: Pick<Queryable, 'query'>;
  close(): Promise<void>;
}
