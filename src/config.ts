/**
 * Configuration: read from the environment once at boot, validated, frozen.
 * A bad value fails the start with a message naming the variable.
 */
import path from 'node:path';
import { loadSchedulingConfig, type SchedulingConfig } from './modules/scheduling/scheduling-config.ts';
import { envInt as int } from './env-int.ts';

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
  /** Coalesced create statements in flight at once (HALE_DB_CREATE_LANES, fhir/store/write-coalescer.ts). */
  readonly dbCreateLanes: number;
  /** Grouped read statements in flight at once (HALE_DB_READ_LANES, fhir/store/read-coalescer.ts); 0 turns grouping off. */
  readonly dbReadLanes: number;
  /** Clear content of recently read versions kept in memory, MB (0: none); see src/fhir/store/content-cache.ts. */
  readonly readCacheMb: number;
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
  /**
   * How far V8 lets the heap grow past its live size before the next full collection, in
   * percent (HALE_HEAP_GROWTH_PERCENT); 0 leaves it to V8, which grows by up to 4 times
   * during a burst (see src/ops/heap-growth.ts).
   */
  readonly heapGrowthPercent: number;
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
  /** The background job queue (pg-boss): docs/notifications.md. */
  readonly jobs: JobsConfig;
  /** Appointment messages: mail server, SMS/WhatsApp provider, reminder times (docs/notifications.md). */
  readonly notifications: NotificationsConfig;
  /** The no-show job: grace after an appointment's start, and how often it runs (modules/scheduling/scheduling-config.ts). */
  readonly scheduling: SchedulingConfig;
}

export interface JobsConfig {
  /** PostgreSQL schema of the queue's tables (HALE_JOBS_SCHEMA; default pgboss, or <HALE_DB_SCHEMA>_jobs). */
  readonly schema: string;
  /** Whether this instance runs jobs (HALE_JOBS_WORK); off, it only enqueues them for the others. */
  readonly work: boolean;
  /** How often an idle worker looks for due jobs, seconds (HALE_JOBS_POLL_S). */
  readonly pollSeconds: number;
}

export interface SmsProviderConfig {
  /** The provider's message endpoint (Twilio: https://api.twilio.com/2010-04-01/Accounts/<sid>/Messages.json). */
  readonly url: string;
  readonly account: string;
  readonly token: string;
  /** Sender for SMS; unset: SMS stay in the outbox. */
  readonly smsFrom?: string;
  /** Sender for WhatsApp, 'whatsapp:+...'; unset: WhatsApp messages stay in the outbox. */
  readonly whatsappFrom?: string;
}

export interface NotificationsConfig {
  /** smtp(s)://user:pass@host:port; unset: email stays in the outbox. */
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  readonly sms?: SmsProviderConfig;
  /** Reminders this many minutes before the start (HALE_REMINDER_OFFSETS, default 24h,2h). */
  readonly reminderOffsetsMinutes: readonly number[];
  /** Further attempts after a failed delivery, and the first wait (doubling each time). */
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  /** Where emergency access notices for review go (HALE_PRIVACY_OFFICER_EMAIL); unset: only the review queue shows them. */
  readonly privacyOfficerEmail?: string;
}

type Env = Record<string, string | undefined>;

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

const SQL_NAME = /^[a-z_][a-z0-9_]{0,49}$/;

function jobsConfig(env: Env, dbSchema: string | undefined): JobsConfig {
  const raw = env.HALE_JOBS_SCHEMA?.trim();
  const schema = raw || (dbSchema ? `${dbSchema}_jobs` : 'pgboss');
  if (!SQL_NAME.test(schema)) {
    const name = raw ? 'HALE_JOBS_SCHEMA' : 'HALE_DB_SCHEMA';
    throw new Error(
      `Invalid ${name}: the job queue's schema '${schema}' must be 1-50 lower-case letters, digits or _ (set HALE_JOBS_SCHEMA)`,
    );
  }
  const poll = env.HALE_JOBS_POLL_S?.trim();
  const pollSeconds = poll ? Number(poll) : 2;
  if (!Number.isFinite(pollSeconds) || pollSeconds < 0.5 || pollSeconds > 600) {
    throw new Error(`Invalid HALE_JOBS_POLL_S=${JSON.stringify(poll)}: expected seconds from 0.5 to 600`);
  }
  return Object.freeze({ schema, work: bool(env, 'HALE_JOBS_WORK', true), pollSeconds });
}

const OFFSET_UNITS: Record<string, number> = { m: 1, h: 60, d: 1440 };

/** '24h,2h' -> [1440, 120] minutes; 'off' -> none. */
function reminderOffsets(raw: string | undefined): number[] {
  const v = raw?.trim() || '24h,2h';
  if (/^(off|none|0)$/i.test(v)) return [];
  const minutes = list(v).map((part) => {
    const m = /^(\d{1,5})\s*([mhd])$/i.exec(part);
    const n = m ? Number(m[1]) * OFFSET_UNITS[m[2]!.toLowerCase()]! : NaN;
    if (!(n >= 1 && n <= 30 * 1440)) {
      throw new Error(
        `Invalid HALE_REMINDER_OFFSETS: '${part}' is not a time before the appointment like 24h, 90m or 2d (1 minute to 30 days), or 'off'`,
      );
    }
    return n;
  });
  if (new Set(minutes).size !== minutes.length) throw new Error('Invalid HALE_REMINDER_OFFSETS: a time is listed twice');
  if (minutes.length > 10) throw new Error('Invalid HALE_REMINDER_OFFSETS: at most 10 reminders');
  return minutes.sort((a, b) => b - a);
}

const MAILBOX = /^(?:[^<>@]*<\s*[^<>@\s]+@[^<>@\s]+\s*>|[^<>@\s]+@[^<>@\s]+)$/;
const SENDER = /^(?:\+[1-9]\d{1,14}|[A-Za-z0-9 ]{1,11})$/;

function notificationsConfig(env: Env): NotificationsConfig {
  const smtpUrl = env.HALE_SMTP_URL?.trim() || undefined;
  if (smtpUrl) {
    let ok = false;
    try {
      const u = new URL(smtpUrl);
      ok = (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) throw new Error('Invalid HALE_SMTP_URL: expected smtp://user:password@host:587 or smtps://user:password@host:465');
  }
  const from = env.HALE_MAIL_FROM?.trim();
  if (smtpUrl && !from)
    throw new Error('HALE_MAIL_FROM is required when HALE_SMTP_URL is set: the sender, e.g. "Clinic <appointments@example.org>"');
  if (from && !MAILBOX.test(from))
    throw new Error(`Invalid HALE_MAIL_FROM=${JSON.stringify(from)}: expected an address, e.g. "Clinic <appointments@example.org>"`);

  const smsUrl = env.HALE_SMS_URL?.trim() || undefined;
  let sms: SmsProviderConfig | undefined;
  if (smsUrl) {
    if (!/^https?:\/\/[^\s/]+/.test(smsUrl)) throw new Error("Invalid HALE_SMS_URL: expected the provider's https:// message endpoint");
    const account = env.HALE_SMS_ACCOUNT?.trim();
    const token = env.HALE_SMS_TOKEN?.trim();
    if (!account) throw new Error("HALE_SMS_ACCOUNT is required when HALE_SMS_URL is set (the account id, Twilio's Account SID)");
    if (!token) throw new Error('HALE_SMS_TOKEN is required when HALE_SMS_URL is set (the auth token)');
    const smsFrom = env.HALE_SMS_FROM?.trim() || undefined;
    if (smsFrom && !SENDER.test(smsFrom))
      throw new Error(
        `Invalid HALE_SMS_FROM=${JSON.stringify(smsFrom)}: expected a number like +4930123456 or a sender name of up to 11 letters and digits`,
      );
    const wa = env.HALE_WHATSAPP_FROM?.trim().replace(/^whatsapp:/i, '') || undefined;
    if (wa && !/^\+[1-9]\d{1,14}$/.test(wa))
      throw new Error(`Invalid HALE_WHATSAPP_FROM=${JSON.stringify(env.HALE_WHATSAPP_FROM)}: expected whatsapp:+4930123456`);
    if (!smsFrom && !wa) throw new Error('HALE_SMS_URL is set but neither HALE_SMS_FROM nor HALE_WHATSAPP_FROM: say which sender to use');
    sms = Object.freeze({
      url: smsUrl,
      account,
      token,
      ...(smsFrom ? { smsFrom } : {}),
      ...(wa ? { whatsappFrom: `whatsapp:${wa}` } : {}),
    });
  }
  const privacyOfficer = env.HALE_PRIVACY_OFFICER_EMAIL?.trim() || undefined;
  if (privacyOfficer && !MAILBOX.test(privacyOfficer))
    throw new Error(
      `Invalid HALE_PRIVACY_OFFICER_EMAIL=${JSON.stringify(privacyOfficer)}: expected an address, e.g. "Privacy Office <privacy@example.org>"`,
    );
  return Object.freeze({
    ...(smtpUrl ? { smtpUrl } : {}),
    ...(privacyOfficer ? { privacyOfficerEmail: privacyOfficer } : {}),
    mailFrom: from || 'Hale <no-reply@hale.invalid>',
    ...(sms ? { sms } : {}),
    reminderOffsetsMinutes: Object.freeze(reminderOffsets(env.HALE_REMINDER_OFFSETS)),
    retryLimit: int(env, 'HALE_NOTIFY_RETRY_LIMIT', 5, 0, 20),
    retryDelaySeconds: int(env, 'HALE_NOTIFY_RETRY_DELAY_S', 60, 1, 86_400),
  });
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
    dbCreateLanes: int(env, 'HALE_DB_CREATE_LANES', 2, 1, 1000),
    dbReadLanes: int(env, 'HALE_DB_READ_LANES', 1, 0, 1000),
    readCacheMb: int(env, 'HALE_READ_CACHE_MB', 32, 0, 65_536),
    statementTimeoutMs: int(env, 'HALE_STATEMENT_TIMEOUT_MS', 30_000, 0, 3_600_000),
    demo: bool(env, 'HALE_DEMO', true),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    bodyLimitBytes: int(env, 'HALE_BODY_LIMIT_BYTES', 50 * 1024 * 1024, 1024, 2 ** 31 - 1),
    documentMaxBytes: int(env, 'HALE_DOCUMENT_MAX_BYTES', 20 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    requestTimeoutMs: int(env, 'HALE_REQUEST_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    shutdownGraceMs: int(env, 'HALE_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    heapGrowthPercent: int(env, 'HALE_HEAP_GROWTH_PERCENT', 20, 0, 400),
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
    jobs: jobsConfig(env, env.HALE_DB_SCHEMA?.trim() || undefined),
    notifications: notificationsConfig(env),
    scheduling: loadSchedulingConfig(env),
  });
}
