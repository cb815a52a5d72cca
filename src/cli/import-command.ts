/**
 * `hale import <file-or-folder> [--server URL]`. On an embedded folder that a running
 * server holds, the import goes through that server's FHIR API instead of opening the
 * folder a second time (which would corrupt it).
 */
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config.ts';
import { importPath, type BundleSink, type ImportSummary } from '../import/import-files.ts';
import { withBundleSink } from './bundle-sink.ts';

export async function importCommand(target: string, opts: { server?: string; quiet?: boolean; concurrency?: string }): Promise<number> {
  const config = loadConfig();
  // Several bundles at once pay off on a PostgreSQL pool; the embedded engine has one connection.
  const concurrency = opts.concurrency ? Number(opts.concurrency) : config.databaseUrl || opts.server ? 4 : 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    console.error('--concurrency must be a whole number from 1 to 64');
    return 2;
  }
  return withBundleSink(config, 'import', 'importing', opts.server, (sink) => runImport(target, sink, concurrency, opts.quiet));
}

async function runImport(target: string, sink: BundleSink, concurrency: number, quiet = false): Promise<number> {
  const bar = new SingleBar(
    {
      format: 'Importing [{bar}] {value}/{total} files | {resources} resources | {rate} resources/s',
      hideCursor: true,
      noTTYOutput: !quiet,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  if (!quiet) bar.start(1, 0, { resources: 0, rate: 0 });
  const summary = await importPath(
    target,
    sink,
    (p) => {
      if (quiet) return;
      bar.setTotal(p.filesTotal);
      bar.update(p.filesDone, { resources: p.resources, rate: Math.round(p.resources / Math.max(p.elapsedMs / 1000, 0.001)) });
    },
    concurrency,
  );
  if (!quiet) bar.stop();
  printSummary(summary);
  return summary.failed.length ? 1 : 0;
}

function printSummary(s: ImportSummary): void {
  const secs = s.elapsedMs / 1000;
  console.log(
    `\nImported ${s.resources} resources from ${s.files - s.failed.length} of ${s.files} files in ${secs.toFixed(1)} s (${Math.round(s.resources / Math.max(secs, 0.001))} resources/s)`,
  );
  const rows = Object.entries(s.byType).sort((a, b) => b[1] - a[1]);
  const width = Math.max(12, ...rows.map(([t]) => t.length));
  for (const [type, n] of rows) console.log(`  ${type.padEnd(width)} ${String(n).padStart(8)}`);
  for (const f of s.failed) console.error(`FAILED ${f.file}: ${f.reason}`);
}
