import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { DataDirLockedError } from '../ops/data-dir-lock.ts';
import { openStoreForCli } from './open-store.ts';

export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  let store;
  try {
    store = await openStoreForCli(config, 'migrate');
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`${err.message} (A running server applies migrations itself when it starts.)`);
      return 2;
    }
    throw err;
  }
  try {
    const applied = await migrate(store.db);
    console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date; nothing to apply.');
    return 0;
  } finally {
    await store.close();
  }
}
