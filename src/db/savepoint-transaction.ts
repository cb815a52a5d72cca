/**
 * Nested transactions as savepoints, shared by both engines. `base` runs statements
 * on the connection that holds the open transaction.
 */
import type { QueryOptions, QueryResult, Queryable } from './types.ts';
import { normalizeDbError } from './normalize-error.ts';

export interface RawConnection {
  query<T>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>>;
  exec(sql: string): Promise<void>;
}

export function transactionScope(conn: RawConnection, depth = 1): Queryable {
  let savepointSeq = 0;
  const scope: Queryable = {
    async query<T>(sql: string, params?: readonly unknown[], opts?: QueryOptions) {
      try {
        return await conn.query<T>(sql, params, opts);
      } catch (err) {
        throw normalizeDbError(err);
      }
    },
    async exec(sql: string) {
      try {
        await conn.exec(sql);
      } catch (err) {
        throw normalizeDbError(err);
      }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      // Savepoint names come from a counter, never from input.
      const name = `sp_${depth}_${++savepointSeq}`;
      await conn.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(transactionScope(conn, depth + 1));
        await conn.exec(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (err) {
        await conn.exec(`ROLLBACK TO SAVEPOINT ${name}`);
        throw normalizeDbError(err);
      }
    },
  };
  return scope;
}
