import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { migrate } from '../src/db/migrate.ts';
let t0 = performance.now();
const pg = await PGlite.create(undefined, { extensions: { pg_trgm, btree_gist } });
console.log('create', Math.round(performance.now() - t0));
t0 = performance.now();
const dump = await pg.dumpDataDir('none');
console.log('dump', Math.round(performance.now() - t0), dump.size);
for (let i = 0; i < 3; i++) {
  t0 = performance.now();
  const p2 = await PGlite.create(undefined, { extensions: { pg_trgm, btree_gist }, loadDataDir: dump });
  console.log('create from dump', Math.round(performance.now() - t0));
  await p2.close();
}
t0 = performance.now();
const p3 = await PGlite.create(undefined, { extensions: { pg_trgm, btree_gist } });
console.log('create2', Math.round(performance.now() - t0));
