/**
 * Runs Hale as a separate process, from the entry points `npm start` and `npm run hale` run,
 * for tests that kill it, signal it, or start two of them. The entry points come prebuilt to
 * JavaScript once per run (hale-build.global.ts), which spares each process the second of
 * CPU that tsx spends translating and resolving the sources before Hale starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { inject } from 'vitest';
import { REPO_ROOT } from './shared-data.ts';
import { TEST_ADMIN_PASSWORD, signIn } from './test-server.ts';

/** Child servers and commands run with a known first-admin password and MFA optional, so tests can sign in. */
export const TEST_AUTH_ENV: Record<string, string> = {
  HALE_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
  HALE_MFA_REQUIRED_ROLES: '',
  HALE_RATE_LIMIT_MAX: '10000000',
  HALE_LOGIN_RATE_LIMIT_MAX: '100000',
  HALE_USER: 'admin',
  HALE_PASSWORD: TEST_ADMIN_PASSWORD,
};

export interface ChildServer {
  proc: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  /** fetch() signed in as the administrator. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
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

/** The built `src/main.ts` (server) or `src/cli/main.ts` (cli). */
function builtEntry(entry: 'server' | 'cli'): string {
  return path.join(inject('haleBuildDir'), `${entry}.mjs`);
}

/**
 * Starts the server and waits until /ready answers 200 (or the process exits). `fromSources`:
 * from the TypeScript sources through tsx, as `npm start` runs it, instead of the build.
 */
export async function startChildServer(env: Record<string, string>, timeoutMs = 60_000, fromSources = false): Promise<ChildServer> {
  const port = await freePort();
  return spawnHale(
    fromSources ? ['--import', 'tsx', 'src/main.ts'] : [builtEntry('server')],
    { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', HALE_DEMO: '0', ...TEST_AUTH_ENV, ...env },
    `http://127.0.0.1:${port}`,
    timeoutMs,
  );
}

export function runHaleCommand(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [builtEntry('cli'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...TEST_AUTH_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`hale ${args.join(' ')} timed out; output:\n${out}`));
    }, timeoutMs);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? 'unknown', output: out });
    });
  });
}

async function spawnHale(args: string[], env: Record<string, string>, url: string, timeoutMs: number): Promise<ChildServer> {
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + timeoutMs;
  while (!done) {
    try {
      const r = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not become ready in ${timeoutMs} ms; output:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (done) throw new Error(`server exited before it was ready; output:\n${out}`);
  let token: Promise<string> | undefined;
  return {
    proc,
    url,
    output: () => out,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!done) proc.kill(signal);
      return exited;
    },
    async fetch(target: string, init: RequestInit = {}) {
      token ??= signIn(url, 'admin', TEST_ADMIN_PASSWORD);
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${await token}`);
      return fetch(target, { ...init, headers });
    },
  };
}
