#!/usr/bin/env node
/**
 * Builds the server (src/main.ts and everything it imports from src) into one plain
 * JavaScript file, dist/server.mjs, which `npm start` then runs (package.json `prestart`).
 * The build is of the checkout's sources at each start (about half a second), so it never
 * lags behind them.
 *
 * Why not run the TypeScript through tsx, as the CLI does: a server started that way
 * translates some 400 modules at every start and keeps each one's translated text and
 * source map in its heap for as long as it runs. Measured on PostgreSQL, idle after start:
 * 224 MB resident (peak 329 MB) through tsx, 167 MB (peak 262 MB) from the build.
 *
 * Packages stay outside the build (they load from node_modules), and every module keeps its
 * own `import.meta.url` (keepModuleUrls), so the paths a module finds next to itself (the
 * migrations, the web app, the embedded database's worker) are the ones it has in src.
 * Plain JavaScript, so that building needs no TypeScript loader.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where `npm start` finds the server. */
export const SERVER_BUILD = path.join(REPO_ROOT, 'dist', 'server.mjs');

/**
 * A bundle puts many modules in one file, so `import.meta.url` would name the bundle for all
 * of them; each source file's own URL is written in its place.
 * @type {import('esbuild').Plugin}
 */
export const keepModuleUrls = {
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

/**
 * What every build of Hale's entry points shares (the server's here, the tests' server and
 * CLI in test/support/hale-build.global.ts).
 * @type {import('esbuild').BuildOptions}
 */
export const NODE_BUILD_OPTIONS = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  plugins: [keepModuleUrls],
};

/**
 * Builds src/main.ts into `outfile`. The file is written beside its place and renamed into
 * it, so a server starting at the same moment from the same checkout reads the old file or
 * the new one, never half of one.
 * @param {string} outfile
 */
export async function buildServer(outfile = SERVER_BUILD) {
  mkdirSync(path.dirname(outfile), { recursive: true });
  const partial = `${outfile}.${process.pid}.partial.mjs`;
  await build({ ...NODE_BUILD_OPTIONS, entryPoints: [path.join(REPO_ROOT, 'src', 'main.ts')], outfile: partial });
  renameSync(partial, outfile);
}

/**
 * Whether the build's folder can be written by this user. An installation whose files this
 * user may not change (a container running as an unprivileged user, say) is built once when
 * it is made (`node bin/build-server.mjs`) and then only run.
 * @param {string} dir
 */
function writable(dir) {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = path.dirname(SERVER_BUILD);
  if (writable(dir)) await buildServer();
  else if (existsSync(SERVER_BUILD))
    console.warn(`${dir} is read-only for this user: starting the server built there before, not a new build`);
  else {
    console.error(
      `Cannot build the server: ${dir} cannot be written by this user. Run \`node bin/build-server.mjs\` once as a user who can.`,
    );
    process.exit(1);
  }
}
