/**
 * Vitest global setup: builds the server's and the CLI's entry points (src/main.ts,
 * src/cli/main.ts) into plain JavaScript once per run, for the tests that run Hale as a child
 * process (child-server.ts). The server is built by the function `npm start` builds it with
 * (bin/build-server.mjs), so those tests run what a user runs. The CLI, which `npm run hale`
 * runs through tsx, is built too: through tsx each such process spent about 1.2 s of CPU
 * translating and resolving some 400 modules before it ran any of them, and the suite starts
 * some fifty of them per pass. The build is of this checkout's sources on each run, so it
 * never lags behind them.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { buildServer, NODE_BUILD_OPTIONS } from '../../bin/build-server.mjs';
import { REPO_ROOT } from './shared-data.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding server.mjs and cli.mjs, built from this checkout. */
    haleBuildDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // Inside node_modules, so the builds' package imports resolve from the repository's node_modules.
  const outdir = path.join(REPO_ROOT, 'node_modules', '.cache', `hale-test-build-${process.pid}`);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await Promise.all([
    buildServer(path.join(outdir, 'server.mjs')),
    // The CLI loads its commands lazily: split, so each command's modules load only when run.
    build({
      ...NODE_BUILD_OPTIONS,
      entryPoints: { cli: path.join(REPO_ROOT, 'src/cli/main.ts') },
      outdir,
      outExtension: { '.js': '.mjs' },
      splitting: true,
    }),
  ]);
  project.provide('haleBuildDir', outdir);
  return () => rmSync(outdir, { recursive: true, force: true });
}
