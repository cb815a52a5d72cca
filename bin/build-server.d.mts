/** Types of bin/build-server.mjs, for the TypeScript that imports it (the tests' build, the benchmarks). */
import type { BuildOptions, Plugin } from 'esbuild';

export declare const REPO_ROOT: string;
export declare const SERVER_BUILD: string;
export declare const keepModuleUrls: Plugin;
export declare const NODE_BUILD_OPTIONS: BuildOptions;
export declare function buildServer(outfile?: string): Promise<void>;
