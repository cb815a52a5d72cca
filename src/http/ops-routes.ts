/** /health (process alive), /ready (database reachable, migrations done), /metrics. */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Database } from '../db/types.ts';
import { pendingMigrations } from '../db/migrate.ts';

export interface Readiness {
  /** Set once migrations (and the demo load) are done. */
  started: boolean;
  shuttingDown: boolean;
}

export function registerOpsRoutes(app: FastifyInstance, db: Database, registry: Registry, readiness: Readiness): void {
  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (_request, reply) => {
    const checks: Record<string, string> = {};
    let ok = readiness.started && !readiness.shuttingDown;
    checks.startup = readiness.shuttingDown ? 'shutting down' : readiness.started ? 'done' : 'in progress';
    try {
      await db.query('SELECT 1');
      checks.database = 'reachable';
      const pending = await pendingMigrations(db);
      checks.migrations = pending.length === 0 ? 'applied' : `${pending.length} pending`;
      if (pending.length) ok = false;
    } catch (err) {
      checks.database = `unreachable: ${(err as Error).message}`;
      ok = false;
    }
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
