import { openPglite } from '../src/db/pglite-engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { JobQueue } from '../src/jobs/queue.ts';
import { loadConfig } from '../src/config.ts';
import { bootstrapAdmin } from '../src/access/bootstrap-admin.ts';
import { definitions } from '../src/fhir/definitions.ts';
const seed = '/tmp/seed.tar';
{ const db = await openPglite(undefined); await migrate(db); await db.dumpTo(seed); await db.close(); }
let t = performance.now();
const lap = (n: string) => { const x = performance.now(); console.log(n, Math.round(x - t)); t = x; };
definitions(); lap('definitions');
const db = await openPglite(undefined, { seedFile: seed }); lap('open');
await migrate(db); lap('migrate');
await bootstrapAdmin(db, () => {}, 'correct horse battery staple 42'); lap('admin');
const config = loadConfig({ HALE_DATA_DIR: '/tmp/x', HALE_DEMO: '0' });
const q = await JobQueue.start(db, config.jobs, undefined as any); lap('jobs');
await q.stop(100); await db.close(); lap('close');
