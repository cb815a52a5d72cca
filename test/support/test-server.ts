/**
 * Starts a real Hale server in-process for a test file: embedded PGlite in memory by
 * default, or PostgreSQL when DATABASE_URL is set, in a schema of its own (dropped at the
 * end) so test files and CI runs never see each other's data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { startHale, type RunningHale } from '../../src/server.ts';

/** The first administrator's password in test servers (HALE_ADMIN_PASSWORD). */
export const TEST_ADMIN_PASSWORD = 'correct horse battery staple 42';

export interface TestServer {
  hale: RunningHale;
  /** The signed-in administrator's access token; `fhir()` sends it unless told otherwise. */
  adminToken: string;
  url: string;
  fhirBase: string;
  config: Config;
  /** Calls the FHIR API; body objects are sent as application/fhir+json. */
  fhir(method: string, pathAndQuery: string, body?: unknown, headers?: Record<string, string>): Promise<FhirResult>;
  stop(): Promise<void>;
}

export interface FhirResult {
  status: number;
  headers: Headers;
  body: any;
}

export function testDatabaseUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

export function uniqueSchema(): string {
  return `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const url = testDatabaseUrl();
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The job queue's tables live beside the schema (src/jobs: <schema>_jobs).
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
  } finally {
    await client.end();
  }
}

export async function startTestServer(
  env: Record<string, string> = {},
  opts: { memoryDb?: boolean; dataDir?: string; printSecret?: (text: string) => void } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'hale-test-'));
  const schema = uniqueSchema();
  const dbUrl = testDatabaseUrl();
  const seedFile = inject('pgliteSeedFile');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    HALE_DATA_DIR: dataDir,
    HALE_DEMO: '0',
    LOG_LEVEL: 'warn',
    HALE_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    HALE_MFA_REQUIRED_ROLES: '',
    // Test files drive thousands of requests a minute as one user; test/rate-limit*.test.ts set their own limits.
    HALE_RATE_LIMIT_MAX: '10000000',
    HALE_LOGIN_RATE_LIMIT_MAX: '100000',
    ...(dbUrl ? { DATABASE_URL: dbUrl, HALE_DB_SCHEMA: schema, HALE_DB_POOL_MAX: '8' } : {}),
    ...env,
  });
  const hale = await startHale(config, {
    memoryDb: opts.memoryDb ?? true,
    // The suite's migrated database (pglite-seed.global.ts) instead of initdb and migrations each time.
    ...(seedFile ? { memoryDbSeedFile: seedFile } : {}),
    logger: false,
    ...(opts.printSecret ? { printSecret: opts.printSecret } : {}),
  });
  const fhirBase = `${hale.url}/fhir/R4`;
  const adminToken = config.adminPassword ? await signIn(hale.url, 'admin', config.adminPassword) : '';
  return {
    hale,
    adminToken,
    url: hale.url,
    fhirBase,
    config,
    async fhir(method, pathAndQuery, body, headers = {}) {
      const isPatch = method === 'PATCH';
      const res = await fetch(`${fhirBase}/${pathAndQuery.replace(/^\//, '')}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': isPatch ? 'application/json-patch+json' : 'application/fhir+json' } : {}),
          accept: 'application/fhir+json',
          authorization: `Bearer ${adminToken}`,
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = undefined;
      if (text) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async stop() {
      try {
        await hale.close();
      } finally {
        // Also when closing failed: a test's schema or folder must not outlive it.
        if (dbUrl && !env.HALE_DB_SCHEMA) await dropSchema(config.dbSchema ?? schema);
        if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Signs in and returns the access token (throws with the server's answer otherwise). */
export async function signIn(baseUrl: string, username: string, password: string, totp?: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, ...(totp ? { totp } : {}) }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (res.status !== 200 || !body.accessToken) throw new Error(`sign-in as ${username} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

export interface IsolatedStore {
  dataDir: string;
  schema: string;
  /** Environment for a child server or command: its own data folder, and on PostgreSQL its own schema. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A data folder (and PostgreSQL schema, when DATABASE_URL is set) no other test sees. */
export function isolatedStore(prefix: string, extraEnv: Record<string, string> = {}): IsolatedStore {
  const dataDir = mkdtempSync(path.join(tmpdir(), `hale-${prefix}-`));
  const schema = uniqueSchema();
  const dbUrl = testDatabaseUrl();
  return {
    dataDir,
    schema,
    env: { HALE_DATA_DIR: dataDir, ...(dbUrl ? { DATABASE_URL: dbUrl, HALE_DB_SCHEMA: schema } : {}), ...extraEnv },
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      await dropSchema(schema);
    },
  };
}
