/**
 * The loop every benchmark runs: one table per engine (a failed engine becomes a table that
 * says so and a failing exit code), each printed as it is done, then appended to
 * bench/RESULTS.md when asked (never for a --quick smoke run).
 */
import path from 'node:path';
import type { BenchOptions, Engine } from '../run.ts';
import { appendResults, renderTable, type Table } from './report.ts';
import { REPO_ROOT } from './spawn-server.ts';

export async function runPerEngine(
  opts: BenchOptions,
  name: string,
  log: (message: string) => void,
  benchEngine: (engine: Engine, title: string) => Promise<Table>,
  /** Tables measured once before the engines (e.g. the web app's download size). */
  tables: Table[] = [],
): Promise<void> {
  for (const engine of opts.engines) {
    const title = `${name}: ${engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'}`;
    try {
      tables.push(await benchEngine(engine, title));
    } catch (err) {
      log(`${engine} FAILED: ${(err as Error).stack ?? err}`);
      tables.push({ title, rows: [], notes: [`FAILED: ${String((err as Error)?.message ?? err).split('\n')[0]}`] });
      process.exitCode = 1;
    }
    console.log('\n' + renderTable(tables.at(-1)!) + '\n');
  }
  if (opts.writeResults && opts.quick) log('a --quick run is a smoke test: not written to bench/RESULTS.md');
  else if (opts.writeResults) {
    appendResults(path.join(REPO_ROOT, 'bench/RESULTS.md'), opts.command, tables);
    log('appended to bench/RESULTS.md');
  }
}
