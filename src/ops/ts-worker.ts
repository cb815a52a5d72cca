/**
 * Worker threads whose module is TypeScript. On Node 20, tsx's `--import tsx` does not
 * register itself in worker threads and the main thread's hooks are not inherited (under
 * vitest there are none to inherit), so a small bootstrap registers tsx in the worker, then
 * imports the worker module. tsx's ESM API is located from this file (not from the cwd)
 * through its exports map (resolving 'tsx/esm/api' with require() would give its CommonJS
 * build, which cannot register from a worker's bootstrap).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

let tsxApi: string | undefined;

function tsxApiUrl(): string {
  if (!tsxApi) {
    const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports?: Record<string, unknown> };
    const entry = pkg.exports?.['./esm/api'] as { import?: string | { default?: string } } | undefined;
    const file = typeof entry?.import === 'string' ? entry.import : entry?.import?.default;
    if (!file) throw new Error(`cannot find tsx's ESM API in ${pkgPath}`);
    tsxApi = pathToFileURL(path.join(path.dirname(pkgPath), file)).href;
  }
  return tsxApi;
}

/** Starts a worker thread running the TypeScript module at `moduleUrl` with `workerData`. */
export function startTsWorker(moduleUrl: URL, workerData: unknown): Worker {
  const boot = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(boot, { eval: true, workerData, execArgv: [] });
}
