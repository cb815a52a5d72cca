/**
 * Configuration: read from the environment once at boot, validated, frozen.
 * A bad value fails the start with a message naming the variable.
 */
import path from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Folder for the embedded database, generated secrets and the folder lock. */
  readonly dataDir: string;
  /** Set: run on this PostgreSQL server. Unset: embedded PGlite in dataDir. */
  readonly databaseUrl?: string;
  /** Optional schema for all tables (test runs sharing one database). */
  readonly dbSchema?: string;
  readonly dbPoolMax: number;
  readonly statementTimeoutMs: number;
  /** Load demo patients into an empty database on start. */
  readonly demo: boolean;
  readonly logLevel: string;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  /** How long shutdown waits for in-flight requests before closing anyway. */
  readonly shutdownGraceMs: number;
  /** Public base URL (for Location headers and Bundle links); derived from the request when unset. */
  readonly baseUrl?: string;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`Invalid ${name}=${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
  }
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`Invalid ${name}=${JSON.stringify(env[name])}: expected 1/0, true/false, yes/no or on/off`);
}

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('Invalid DATABASE_URL: expected postgres://user@host:port/database');
  }
  const baseUrl = env.HALE_BASE_URL?.trim().replace(/\/+$/, '') || undefined;
  if (baseUrl && !/^https?:\/\//.test(baseUrl)) throw new Error('Invalid HALE_BASE_URL: expected http(s)://...');
  return Object.freeze({
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir: path.resolve(env.HALE_DATA_DIR?.trim() || 'data'),
    databaseUrl,
    dbSchema: env.HALE_DB_SCHEMA?.trim() || undefined,
    dbPoolMax: int(env, 'HALE_DB_POOL_MAX', 20, 1, 1000),
    statementTimeoutMs: int(env, 'HALE_STATEMENT_TIMEOUT_MS', 30_000, 0, 3_600_000),
    demo: bool(env, 'HALE_DEMO', true),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    bodyLimitBytes: int(env, 'HALE_BODY_LIMIT_BYTES', 50 * 1024 * 1024, 1024, 2 ** 31 - 1),
    requestTimeoutMs: int(env, 'HALE_REQUEST_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    shutdownGraceMs: int(env, 'HALE_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    baseUrl,
  });
}
