/**
 * Migrations: versioned, applied once, and safe when two servers start at once on an
 * empty PostgreSQL database (an advisory lock serialises them). `hale migrate` applies
 * and then reports nothing to do.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runHaleCommand, startChildServer } from './support/child-server.ts';
import { dropSchema, testDatabaseUrl, uniqueSchema } from './support/test-server.ts';
import { listMigrations } from '../src/db/migrate.ts';
import { DEMO_PATIENTS } from '../src/demo/load-demo.ts';

const dirs: string[] = [];
const schemas: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'hale-migrate-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

describe('migrations', () => {
  it('`hale migrate` applies the numbered migrations once', async () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    const env = { HALE_DATA_DIR: tmp(), ...(testDatabaseUrl() ? { DATABASE_URL: testDatabaseUrl()!, HALE_DB_SCHEMA: schema } : {}) };
    const first = await runHaleCommand(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.output).toMatch(
      new RegExp(
        `Applied migrations: ${listMigrations()
          .map((m) => m.version)
          .join(', ')}`,
      ),
    );
    const second = await runHaleCommand(['migrate'], env);
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/up to date; nothing to apply/);
  }, 120_000);

  it.runIf(testDatabaseUrl())(
    'two servers starting at once on an empty database apply each migration exactly once',
    async () => {
      const schema = uniqueSchema();
      schemas.push(schema);
      const env = (dir: string) => ({ HALE_DATA_DIR: dir, DATABASE_URL: testDatabaseUrl()!, HALE_DB_SCHEMA: schema, HALE_DEMO: '1' });
      const [a, b] = await Promise.all([startChildServer(env(tmp())), startChildServer(env(tmp()))]);
      try {
        const client = new pg.Client({ connectionString: testDatabaseUrl() });
        await client.connect();
        try {
          const rows = (
            await client.query(`SELECT version, count(*)::int AS n FROM ${schema}.hale_migrations GROUP BY version ORDER BY version`)
          ).rows;
          expect(rows).toEqual(listMigrations().map((m) => ({ version: m.version, n: 1 })));
        } finally {
          await client.end();
        }
        for (const s of [a, b]) expect((await fetch(`${s.url}/ready`)).status).toBe(200);
        // both serve the same data
        const totals = await Promise.all(
          [a, b].map(
            async (s) =>
              ((await (await s.fetch(`${s.url}/fhir/R4/Patient?_summary=count&_total=accurate`)).json()) as { total: number }).total,
          ),
        );
        // and the demo set was loaded once, not by each
        expect(totals).toEqual([DEMO_PATIENTS, DEMO_PATIENTS]);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    },
    120_000,
  );
});
