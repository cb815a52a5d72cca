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
  /**
   * Largest document a patient upload may carry (POST /api/v1/patients/:id/documents); that route alone takes
   * bodies this large. At most 256 MiB: the bytes are stored base64 in a FHIR Binary, and a PostgreSQL text value stops at 1 GB.
   */
  readonly documentMaxBytes: number;
  readonly requestTimeoutMs: number;
  /** How long shutdown waits for in-flight requests before closing anyway. */
  readonly shutdownGraceMs: number;
  /** Public base URL (for Location headers and Bundle links); derived from the request when unset. */
  readonly baseUrl?: string;
  /** Set: rate limits (and other shared per-instance state) live in this Redis, shared by every instance. */
  readonly redisUrl?: string;
  /**
   * Behind a load balancer or reverse proxy: trust its X-Forwarded-For / -Proto, so rate
   * limits and the audit trail see the client's address and cookies know HTTPS. true, a hop
   * count, or a list of proxy addresses (HALE_TRUST_PROXY); off by default.
   */
  readonly trustProxy: boolean | number | string[];
  /** Prefix of every key Hale keeps in Redis (several deployments or test runs can share one Redis). */
  readonly redisPrefix: string;
  /** Origins allowed to call the API from a browser (CORS); empty: same origin only. */
  readonly corsOrigins: readonly string[];
  /** Requests per window per client (IP, or user when signed in) on the API. */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** Stricter limit on sign-in attempts per client. */
  readonly loginRateLimitMax: number;
  readonly loginRateLimitWindowMs: number;
  /** Access-token lifetime (the JWT), seconds. */
  readonly accessTokenTtlS: number;
  /** A session with no activity for this long is closed (automatic log-off), minutes. */
  readonly idleTimeoutMin: number;
  /** A session ends this long after sign-in whatever the activity, hours. */
  readonly sessionMaxHours: number;
  /** Failed sign-ins in a row that lock an account, and for how long. */
  readonly lockoutThreshold: number;
  readonly lockoutMinutes: number;
  /** Roles whose accounts must set up MFA before they can work. */
  readonly mfaRequiredRoles: readonly string[];
  /** The first administrator's password (automation); unset: a one-time password is printed at first start. */
  readonly adminPassword?: string;
  /** Which links give a clinician access to a patient: care-team, encounter, appointment, organization; or 'all' (every clinician sees every patient). */
  readonly careRelationship: readonly string[];
  /** Whether audit records of reads wait for the database's disk flush ('durable') or only its commit ('fast'). */
  readonly auditReadCommit: 'fast' | 'durable';
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

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

function trustProxy(raw: string | undefined): boolean | number | string[] {
  const v = raw?.trim();
  if (!v || /^(0|false|no|off)$/i.test(v)) return false;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  return list(v);
}

const CARE_LINKS = ['care-team', 'encounter', 'appointment', 'organization'];

function careRelationship(raw: string | undefined): string[] {
  const links = raw === undefined || raw.trim() === '' ? CARE_LINKS : list(raw);
  if (links.length === 1 && links[0] === 'all') return ['all'];
  const bad = links.filter((l) => !CARE_LINKS.includes(l));
  if (bad.length)
    throw new Error(`Invalid HALE_CARE_RELATIONSHIP: unknown ${bad.join(', ')}; expected 'all' or a list of ${CARE_LINKS.join(', ')}`);
  return links;
}

function auditReadCommit(raw: string | undefined): 'fast' | 'durable' {
  const v = raw?.trim() || 'fast';
  if (v !== 'fast' && v !== 'durable') throw new Error(`Invalid HALE_AUDIT_READ_COMMIT: expected fast or durable, got ${v}`);
  return v;
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
    documentMaxBytes: int(env, 'HALE_DOCUMENT_MAX_BYTES', 20 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    requestTimeoutMs: int(env, 'HALE_REQUEST_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    shutdownGraceMs: int(env, 'HALE_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    baseUrl,
    redisUrl: env.REDIS_URL?.trim() || undefined,
    corsOrigins: list(env.HALE_CORS_ORIGINS),
    redisPrefix: env.HALE_REDIS_PREFIX?.trim() || 'hale:',
    trustProxy: trustProxy(env.HALE_TRUST_PROXY),
    rateLimitMax: int(env, 'HALE_RATE_LIMIT_MAX', 3000, 1, 10_000_000),
    rateLimitWindowMs: int(env, 'HALE_RATE_LIMIT_WINDOW_MS', 60_000, 1000, 86_400_000),
    loginRateLimitMax: int(env, 'HALE_LOGIN_RATE_LIMIT_MAX', 10, 1, 100_000),
    loginRateLimitWindowMs: int(env, 'HALE_LOGIN_RATE_LIMIT_WINDOW_MS', 60_000, 1000, 86_400_000),
    accessTokenTtlS: int(env, 'HALE_ACCESS_TOKEN_TTL_S', 900, 10, 86_400),
    idleTimeoutMin: int(env, 'HALE_IDLE_TIMEOUT_MIN', 15, 1, 24 * 60),
    sessionMaxHours: int(env, 'HALE_SESSION_MAX_HOURS', 12, 1, 24 * 30),
    lockoutThreshold: int(env, 'HALE_LOCKOUT_THRESHOLD', 5, 1, 1000),
    lockoutMinutes: int(env, 'HALE_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    mfaRequiredRoles: list(env.HALE_MFA_REQUIRED_ROLES ?? 'admin'),
    careRelationship: careRelationship(env.HALE_CARE_RELATIONSHIP),
    adminPassword: env.HALE_ADMIN_PASSWORD || undefined,
    auditReadCommit: auditReadCommit(env.HALE_AUDIT_READ_COMMIT),
  });
}
