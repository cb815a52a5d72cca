/** `npm start`: the composition root. */
import { loadConfig } from './config.ts';
import { startHale } from './server.ts';
import { DataDirLockedError } from './ops/data-dir-lock.ts';
import { ensureWebAppBuilt } from './ops/build-web-app.ts';
import { startIdleHeapCompaction } from './ops/idle-heap-compaction.ts';
import { setHeapGrowth } from './ops/heap-growth.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  setHeapGrowth(config.heapGrowthPercent);
  await ensureWebAppBuilt({ info: (m) => console.log(m), warn: (m) => console.warn(m) });
  let hale;
  try {
    hale = await startHale(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  hale.app.log.info(`Hale is running at http://localhost:${config.port} (FHIR R4 API at /fhir/R4)`);
  // Memory that loading and bursts (imports) left behind goes back once the server is quiet.
  const compaction = startIdleHeapCompaction({
    onRun: ({ before, after, ms }) =>
      hale.app.log.info(
        { heapMb: Math.round(before / 2 ** 20), afterMb: Math.round(after / 2 ** 20), ms: Math.round(ms) },
        'quiet server: heap collected',
      ),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    hale.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    compaction.stop();
    const force = setTimeout(() => {
      hale.app.log.error('shutdown grace period over; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    hale.close().then(
      () => process.exit(0),
      (err: unknown) => {
        hale.app.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
