/**
 * Hale's advisory locks, scoped to the schema it runs in. PostgreSQL's advisory locks are
 * database-wide, so a constant key would make two deployments sharing one database (each in
 * its own schema, as HALE_DB_SCHEMA allows) wait on each other, and worse, a sealer or job
 * that only tries the lock would skip its round because of the other deployment's work.
 * The key is a 64-bit hash of the current schema and the lock's name.
 *
 * Migrations are the exception: they create extensions, which belong to the whole database,
 * and two schemas creating one at once would collide; they take a database-wide lock.
 */
import type { Queryable } from './types.ts';

/** The names of Hale's locks, one per thing kept to one process at a time. */
export type LockName = 'demo' | 'bootstrap-admin' | 'audit-seal' | 'no-show' | 'reindex' | 'analyze';

/** SQL for the key of lock $1 in the current schema; also for tools holding a lock from outside. */
export const LOCK_KEY_SQL = "hashtextextended(current_schema() || ':hale-lock:' || $1, 0)";

/** Waits for the lock; it is released when the transaction `tx` ends. */
export async function lockForTransaction(tx: Queryable, name: LockName): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY_SQL})`, [name]);
}

/** Takes the lock if free (held until `tx` ends) and says whether it did. */
export async function tryLockForTransaction(tx: Queryable, name: LockName): Promise<boolean> {
  const r = await tx.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${LOCK_KEY_SQL}) AS ok`, [name]);
  return r.rows[0]?.ok === true;
}

/** The one database-wide lock: schema migrations (see above). Held until `tx` ends. */
export async function lockDatabaseForMigrations(tx: Queryable): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('hale-lock:migrate', 0))");
}
