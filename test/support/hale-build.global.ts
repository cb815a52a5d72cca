/**
 * Vitest global setup: builds the server's and the CLI's entry points (src/main.ts,
 * src/cli/main.ts) into plain JavaScript once per run, for the tests that run Hale as a child
 * process (child-server.ts). Started through tsx, each such process spent about 1.2 s of CPU
 * translating and resolving some 400 modules through tsx's loader thread before it ran any of
 * them; the suite starts some fifty of them per pass. The build is of this checkout's sources
 * on each run, so it never lags behind them.
 *
 * Packages stay outside the build (they load from node_modules, as under tsx), and every
 * module keeps its own `import.meta.url` (see keepModuleUrls), so paths a module finds next to
 * itself (migrations, the web app, the embedded database's worker) are the same as under tsx.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from './shared-data.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding server.mjs and cli.mjs, built from this checkout. */
    haleBuildDir: string;
  }
}

/**
 * A bundle puts many modules in one file, so `import.meta.url` would name the bundle for all
 * of them; each source file's own URL is written in its place.
 */
const keepModuleUrls: Plugin = {
  name: 'keep-module-urls',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
      };
    });
  },
};

export default async function setup(project: TestProject): Promise<() => void> {
  // Inside node_modules, so the bundle's package imports resolve from the repository's node_modules.
  const outdir = path.join(REPO_ROOT, 'node_modules', '.cache', `hale-test-build-${process.pid}`);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { server: path.join(REPO_ROOT, 'src/main.ts'), cli: path.join(REPO_ROOT, 'src/cli/main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [keepModuleUrls],
  });
  project.provide('haleBuildDir', outdir);
  return () => rmSync(outdir, { recursive: true, force: true });
}
