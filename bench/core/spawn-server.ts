/**
 * Child processes of the benchmark: Hale and the baseline each run as their own Node
 * process, so their RSS can be read from /proc and the load generator (autocannon, in
 * this process) does not share their event loop. Every child is registered here and
 * killed when the benchmark leaves, by any path.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, SERVER_BUILD } from '../../bin/build-server.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const live = new Set<ChildProcess>();

/** Last resort for paths that skip the orderly stop (an error, Ctrl-C): no child outlives the bench. */
function killAll(): void {
  for (const p of live) p.kill('SIGKILL');
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

/**
 * The child's environment: ours minus anything that would steer Hale to another database,
 * port or data folder (a DATABASE_URL in the shell must not leak into a PGlite run).
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'DATABASE_URL' || k === 'PORT' || k === 'HOST' || k.startsWith('HALE_') || k.startsWith('BASE_')) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** TypeScript runs through tsx; a built `.mjs` (the server, as `npm start` runs it) runs as it is. */
function spawnNode(args: string[], env: Record<string, string>): { proc: ChildProcess; output: () => string } {
  const proc = spawn(process.execPath, [...(args[0]!.endsWith('.ts') ? ['--import', 'tsx'] : []), ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(proc);
  proc.on('exit', () => live.delete(proc));
  // Keep the tail only: a server's log over a long run must not grow our own RSS.
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-64_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  return { proc, output: () => out };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface MemoryMb {
  /** resident now (VmRSS) */
  rss: number;
  /** highest resident so far (VmHWM) */
  peak: number;
}

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  memory(): MemoryMb;
  output(): string;
  stop(): Promise<void>;
}

let serverBuild: Promise<string> | undefined;

/**
 * Hale's server as `npm start` runs it: src/main.ts built into dist/server.mjs (once per
 * benchmark process, from the checkout's sources).
 */
export function haleServerScript(): Promise<string> {
  serverBuild ??= buildServer().then(() => SERVER_BUILD);
  return serverBuild;
}

/** Starts `node <script>` (through tsx for a `.ts`) listening on 127.0.0.1 and waits for GET /ready. */
export async function startServer(name: string, script: string, env: Record<string, string>, timeoutMs = 180_000): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { proc, output } = spawnNode([script], { ...env, PORT: String(port), HOST: '127.0.0.1' });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let gone = proc.exitCode !== null;
  void exited.then(() => (gone = true));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`${name} exited before it was ready; output:\n${output()}`);
    try {
      if ((await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${name} was not ready after ${timeoutMs} ms; output:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    name,
    url,
    pid: proc.pid!,
    memory: () => readMemory(proc.pid!),
    output,
    async stop() {
      if (gone) return;
      proc.kill('SIGTERM'); // Hale finishes in-flight requests and closes its database
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a Hale CLI command to completion (bounded by timeoutMs) and returns its output. */
export async function runHaleCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  const { proc, output } = spawnNode(['src/cli/main.ts', ...args], env);
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  if (code === null) throw new Error(`hale ${args.join(' ')} was killed (timeout ${timeoutMs} ms?); output:\n${output()}`);
  return { code, output: output() };
}

function readMemory(pid: number): MemoryMb {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
