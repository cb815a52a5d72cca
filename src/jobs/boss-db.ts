/**
 * pg-boss over Hale's own database: pg-boss takes any `{ executeSql(text, values) }`, so
 * the queue uses the same engine as everything else (PGlite's one connection, or the
 * PostgreSQL pool) and jobs can be written inside a caller's transaction.
 *
 * pg-boss sends two kinds of SQL. Single statements (with or without parameters) go to
 * `query`. Its schema creation, migrations and maintenance come as one text wrapped in
 * `BEGIN; ...; COMMIT;` with no parameters: those run through `exec` inside a transaction
 * of ours, so a failure rolls back cleanly instead of leaving the connection (on PGlite,
 * the only one) inside an aborted transaction.
 */
import type { Queryable } from '../db/types.ts';

export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number }>;
}

const WRAPPED = /^\s*BEGIN\s*;([\s\S]*);\s*COMMIT\s*;?\s*$/i;

/** JSON values and dates as PostgreSQL text; the engines agree on everything else. */
function param(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return JSON.stringify(v);
  return v;
}

/** The statements of a `BEGIN; ...; COMMIT;` script, to run inside a transaction of ours. */
export function unwrapTransaction(script: string): string {
  return WRAPPED.exec(script)?.[1] ?? script;
}

export function bossDb(q: Queryable): BossDb {
  return {
    async executeSql(text, values) {
      const wrapped = values?.length ? null : WRAPPED.exec(text);
      if (wrapped) {
        await q.transaction((tx) => tx.exec(wrapped[1]!));
        return { rows: [], rowCount: 0 };
      }
      return q.query(text, (values ?? []).map(param));
    },
  };
}
