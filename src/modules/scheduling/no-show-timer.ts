/**
 * Runs the no-show job every HALE_NO_SHOW_INTERVAL_S seconds while the server is up: started
 * when Fastify is ready, stopped (after the running round) when it closes. One round at a
 * time per server; across servers the job's advisory lock keeps to one.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/types.ts';
import { systemContext } from '../../fhir/acting-context.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import type { StoreGuard } from '../../fhir/store/store-guard.ts';
import { markNoShows } from './no-show-job.ts';
import type { SchedulingConfig } from './scheduling-config.ts';

export function startNoShowTimer(app: FastifyInstance, db: Database, guard: StoreGuard, config: SchedulingConfig): void {
  if (config.noShowIntervalSeconds === 0) return;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const round = () => {
    if (running) return;
    // A system repository on purpose: the job acts for no user; its writes name 'system:no-show' in the history.
    const repo = new FhirRepository(db, systemContext('no-show'), guard);
    running = markNoShows(repo, { now: new Date(), graceMinutes: config.noShowGraceMinutes })
      .then((r) => {
        if (r.marked.length) app.log.info({ marked: r.marked.length, skipped: r.skipped.length }, 'no-show job marked appointments');
      })
      .catch((err: unknown) => app.log.warn({ err }, 'no-show job failed; it runs again next round'))
      .finally(() => {
        running = undefined;
      });
  };
  app.addHook('onReady', async () => {
    timer = setInterval(round, config.noShowIntervalSeconds * 1000);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
