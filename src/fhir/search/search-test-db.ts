/**
 * Test support (not a test): an in-memory PGlite with the store migrations applied,
 * wrapped as a Queryable, plus helpers to store a resource with its index rows and to
 * run a search the way the store does (parse -> build -> query).
 */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { QueryResult, Queryable } from '../../db/types.ts';
import { buildSearchSql } from './build-sql.ts';
import { extractSearchRows, type IndexableResource } from './extract.ts';
import { parseSearchRequest } from './parse.ts';
import { writeSearchIndex } from './write-index.ts';

/** The store and the search index tables (care links, row patients and consent denials are written with them); the other migrations (access, audit...) are not needed here. */
const MIGRATIONS = [
  '0001_fhir_store.sql',
  '0005_search_params.sql',
  '0020_care_links.sql',
  '0022_row_patients_and_consent_denials.sql',
].map((f) => new URL(`../../db/migrations/${f}`, import.meta.url));

export interface SearchTestDb extends Queryable {
  close(): Promise<void>;
  /** Inserts or replaces the resource row and its index rows, as a write would. */
  store(resource: IndexableResource & { id: string }, lastUpdated?: string): Promise<void>;
  /** Ids matched by `GET [type]?query`, in result order. */
  search(resourceType: string, query: string, lenient?: boolean): Promise<string[]>;
}

interface PgliteLike {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

/** A Queryable over PGlite or one of its transactions (tests never nest transactions). */
function queryable(pg: PgliteLike, transaction: Queryable['transaction']): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const r = await pg.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
    transaction,
  };
}

export async function openSearchTestDb(): Promise<SearchTestDb> {
  const pg = new PGlite({ extensions: { pg_trgm, btree_gist } });
  for (const m of MIGRATIONS) await pg.exec(readFileSync(m, 'utf8'));
  const noNesting = () => Promise.reject(new Error('nested transactions are not used in these tests'));
  const base = queryable(pg, (fn) => pg.transaction((tx) => fn(queryable(tx, noNesting))));
  const db: SearchTestDb = {
    ...base,
    close: () => pg.close(),
    async store(resource, lastUpdated = new Date().toISOString()) {
      const existing = await db.query('SELECT 1 FROM resource WHERE resource_type = $1 AND id = $2', [resource.resourceType, resource.id]);
      await db.query(
        `INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, content) VALUES ($1, $2, 1, $3, false, $4)
         ON CONFLICT (resource_type, id) DO UPDATE SET version_id = resource.version_id + 1, last_updated = $3, content = $4`,
        [resource.resourceType, resource.id, lastUpdated, JSON.stringify(resource)],
      );
      await writeSearchIndex(db, resource.resourceType, resource.id, extractSearchRows(resource), existing.rows.length > 0);
    },
    async search(resourceType, q, lenient = false) {
      const built = buildSearchSql(parseSearchRequest(resourceType, new URLSearchParams(q), { lenient }));
      return (await db.query<{ id: string }>(built.sql, built.params)).rows.map((r) => r.id);
    },
  };
  return db;
}
