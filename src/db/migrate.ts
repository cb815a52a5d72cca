/**
 * Numbered, immutable migrations (src/db/migrations/NNNN_name.sql), applied in order,
 * each recorded in hale_migrations, all under one transaction-scoped advisory lock so
 * two servers starting at once on an empty database apply them exactly once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Queryable } from './types.ts';
import { lockDatabaseForMigrations } from './advisory-lock.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 4)),
      name: f.slice(5, -4),
      sql: readFileSync(path.join(dir, f), 'utf8'),
    }));
}

/** Applies pending migrations; returns the versions applied by this call. */
export async function migrate(db: Queryable, migrations = listMigrations()): Promise<number[]> {
  return db.transaction(async (tx) => {
    await lockDatabaseForMigrations(tx);
    // A migration that builds an index over millions of rows takes minutes: the per-request
    // statement timeout would cancel it (and with it the start) on a large database.
    await tx.exec('SET LOCAL statement_timeout = 0');
    await tx.exec(`CREATE TABLE IF NOT EXISTS hale_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM hale_migrations')).rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO hale_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

export async function pendingMigrations(db: Queryable, migrations = listMigrations()): Promise<Migration[]> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('hale_migrations')::text AS t");
  if (!exists.rows[0]?.t) return migrations;
  const done = new Set((await db.query<{ version: number }>('SELECT version FROM hale_migrations')).rows.map((r) => Number(r.version)));
  return migrations.filter((m) => !done.has(m.version));
}
