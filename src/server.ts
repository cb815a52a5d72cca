/**
 * Starting and stopping Hale: config -> data-folder lock -> secrets -> database ->
 * migrations -> demo data -> HTTP. Used by `npm start` (src/main.ts) and by the tests,
 * which start real servers in-process.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { startStatisticsTimer } from './db/table-statistics.ts';
import type { Database } from './db/types.ts';
import { embeddedDbDir, openDatabaseAlongside } from './db/open-database.ts';
import { migrate } from './db/migrate.ts';
import { lockDataDir, type DataDirLock } from './ops/data-dir-lock.ts';
import { loadOrCreateSecrets, type Secrets } from './ops/secrets.ts';
import { buildApp } from './http/app.ts';
import { createLogger } from './http/logger.ts';
import type { Readiness } from './http/ops-routes.ts';
import { definitions } from './fhir/definitions.ts';
import { loadDemoDataIfEmpty } from './demo/load-demo.ts';
import { SessionService } from './access/sessions.ts';
import { bootstrapAdmin } from './access/bootstrap-admin.ts';
import type { SecurityAudit } from './access/security-audit.ts';
import type { StoreGuard } from './fhir/store/store-guard.ts';
import { ContentCache } from './fhir/store/content-cache.ts';
import { ReadCoalescer } from './fhir/store/read-coalescer.ts';
import { WriteCoalescer } from './fhir/store/write-coalescer.ts';
import { AuditLog } from './audit/audit-log.ts';
import { KeyRing } from './crypto/key-ring.ts';
import { SensitiveFields } from './crypto/sensitive-fields.ts';
import { checkpointFileFor } from './audit/checkpoint-file.ts';
import { startPendingReindex } from './fhir/store/reindex-on-start.ts';
import { RULE_PASS_DELAY_MS, startRulesRefresh } from './crypto/rules-refresh.ts';
import { JobQueue } from './jobs/queue.ts';
import { startNotifications, type RunningNotifications } from './modules/notifications/start-notifications.ts';

export interface RunningHale {
  app: FastifyInstance;
  db: Database;
  config: Config;
  secrets: Secrets;
  /** What every request's repository enforces with (policy settings and the audit sink). */
  guard: StoreGuard;
  auditLog: AuditLog;
  /** http://host:port of the listening server */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** In-memory embedded database (tests); the data folder still holds secrets and the lock. */
  memoryDb?: boolean;
  /** A dump of a migrated embedded database that an in-memory one starts from (tests: see PgliteOptions.seedFile). */
  memoryDbSeedFile?: string;
  logger?: boolean;
  /** Where the first admin's one-time password is shown (the console by default). */
  printSecret?: (text: string) => void;
}

export const EMBEDDED_ENGINE_WARNING =
  'Embedded database (PGlite): it survives a killed process but does not fsync, so an OS crash or power loss ' +
  'can lose or corrupt data. Use a PostgreSQL server (DATABASE_URL) for production data.';

/** How often a server looks for tables whose statistics are out of date (cheap when none are). */
const STATISTICS_EVERY_MS = 10 * 60_000;

export async function startHale(config: Config, opts: StartOptions = {}): Promise<RunningHale> {
  // The lock comes first: two processes on one embedded database folder corrupt it.
  const lock: DataDirLock | undefined = config.databaseUrl ? undefined : lockDataDir(config.dataDir, 'server');
  let db: Database | undefined;
  let jobs: JobQueue | undefined;
  let notifications: RunningNotifications | undefined;
  try {
    const logger = createLogger(config.logLevel, opts.logger !== false);
    const secrets = loadOrCreateSecrets(config.dataDir);
    // The R4 definitions are indexed while the database opens.
    db = await openDatabaseAlongside(
      {
        databaseUrl: config.databaseUrl,
        dbSchema: config.dbSchema,
        dbPoolMax: config.dbPoolMax,
        statementTimeoutMs: config.statementTimeoutMs,
        pgliteDir: opts.memoryDb ? 'memory' : embeddedDbDir(config.dataDir),
        ...(opts.memoryDb && opts.memoryDbSeedFile ? { pgliteSeedFile: opts.memoryDbSeedFile } : {}),
        logger,
      },
      definitions,
    );
    const readiness: Readiness = { started: false, shuttingDown: false };
    const auditLog = new AuditLog({
      db,
      key: secrets.auditKey,
      checkpointFile: checkpointFileFor(config),
      logger,
      readCommit: config.auditReadCommit,
    });
    const audit: SecurityAudit = (records) => auditLog.record(records);
    // Sensitive elements (SSNs, subscriber ids, admin-marked ones) are encrypted in the store; the rules load after migrations.
    const fields = new SensitiveFields(KeyRing.open({ dataDir: config.dataDir, seedKey: secrets.fieldKey }));
    const guard: StoreGuard = {
      careLinks: config.careRelationship,
      audit: auditLog,
      fields,
      creates: new WriteCoalescer(db, config.dbCreateLanes),
      ...(config.dbReadLanes > 0 ? { reads: new ReadCoalescer(db, auditLog.readTarget, config.dbReadLanes) } : {}),
      ...(config.readCacheMb > 0 ? { contents: new ContentCache(config.readCacheMb * 1024 * 1024) } : {}),
    };
    const sessions = new SessionService(db, config, secrets.signingKey, audit);
    let reindex: ReturnType<typeof startPendingReindex> | undefined;
    const passDelayMs = db.engine === 'pglite' ? 0 : RULE_PASS_DELAY_MS;
    const app = await buildApp({
      config,
      db,
      readiness,
      logger,
      access: { sessions, guard, audit, signingKey: secrets.signingKey },
      auditLog,
      // On PostgreSQL other instances may be writing: the pass waits until they all have the rule (rules-refresh.ts).
      onRulesChanged: () => setTimeout(() => reindex?.kick(), passDelayMs).unref(),
    });
    if (!config.databaseUrl) app.log.warn(EMBEDDED_ENGINE_WARNING);
    const applied = await migrate(db);
    if (applied.length) app.log.info({ applied }, 'database migrations applied');
    await fields.refresh(db);
    for (const rule of fields.invalidAdminRules())
      app.log.warn({ rule }, 'a sensitive-element rule no longer names a string element; it is ignored');
    await bootstrapAdmin(db, opts.printSecret ?? ((text) => console.log(text)), config.adminPassword);
    if (config.demo) {
      const loaded = await loadDemoDataIfEmpty(db, guard);
      if (loaded) app.log.info({ resources: loaded }, 'demo data loaded into the empty database');
    }
    // The job queue (its own schema) and the workers that use it, once the tables they read exist.
    jobs = await JobQueue.start(db, config.jobs, app.log);
    notifications = await startNotifications({
      db,
      guard,
      queue: jobs,
      config: config.notifications,
      logger: app.log,
      ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    });
    auditLog.start();
    await app.listen({ port: config.port, host: config.host });
    readiness.started = true;
    // Search index rows that a migration asked to rebuild: in the background, after /ready.
    reindex = startPendingReindex({ db, fields, logger: app.log });
    // Sensitive-element rules changed by another instance (only PostgreSQL can have several; the embedded engine's folder admits one process).
    const rulesRefresh =
      db.engine === 'pglite'
        ? undefined
        : startRulesRefresh(db, fields, (err) => app.log.warn({ err }, 'reading the sensitive-element rules failed'));
    // Planner statistics (a minute after start, then every 10 min): the embedded engine has no autovacuum, and a server's may be off or behind.
    const statistics = startStatisticsTimer(db, STATISTICS_EVERY_MS, (err) => app.log.warn({ err }, 'refreshing table statistics failed'));
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const database = db;
    const queue = jobs;
    const running = notifications;
    let closing: Promise<void> | undefined;
    return {
      app,
      db,
      config,
      secrets,
      guard,
      auditLog,
      url: `http://127.0.0.1:${port}`,
      close() {
        closing ??= (async () => {
          readiness.shuttingDown = true;
          // A step that fails (the database gone before the last sealing, say) does not keep the
          // database open or the data folder locked: what it left undone, the next start does
          // (unsealed records are sealed, jobs run again). The first failure is reported.
          let failed: unknown;
          try {
            await app.close(); // stops accepting, waits for in-flight requests
            await queue.stop(Math.min(config.shutdownGraceMs, 10_000)); // running jobs finish or run again after the restart
            running.stop();
            rulesRefresh?.stop();
            await reindex?.stop(); // after its current batch; the next start resumes it
            await statistics.stop();
            await auditLog.close(); // the last records written and sealed, the checkpoint moved forward
          } catch (err) {
            failed = err;
          }
          await database.close().catch((err: unknown) => (failed ??= err));
          lock?.release();
          if (failed) throw failed;
        })();
        return closing;
      },
    };
  } catch (err) {
    notifications?.stop();
    await jobs?.stop(0).catch(() => undefined);
    await db?.close().catch(() => undefined);
    lock?.release();
    throw err;
  }
}
