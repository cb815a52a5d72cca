import { openPglite } from '../src/db/pglite-engine.ts';
import { migrate } from '../src/db/migrate.ts';
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const db = await openPglite(undefined);
  const t1 = performance.now();
  await migrate(db);
  const t2 = performance.now();
  await db.close();
  console.log('open', Math.round(t1 - t0), 'migrate', Math.round(t2 - t1));
}
