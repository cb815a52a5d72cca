/**
 * Runs Hale as a separate process, from the entry points `npm start` and `npm run hale` run,
 * for tests that kill it, signal it, or start two of them. The entry points come prebuilt to
 * JavaScript once per run (hale-build.global.ts): the server as `npm start` builds it, and
 * the CLI, which spares each command the second of CPU that tsx spends translating and
 * resolving the sources before Hale starts.
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
 * Starts the server, built as `npm start` builds it, and waits until /ready answers 200 (or
 * the process exits). `viaNpmStart`: by running `npm start` itself, as a new user does.
 */
export async function startChildServer(env: Record<string, string>, timeoutMs = 60_000, viaNpmStart = false): Promise<ChildServer> {
  const port = await freePort();
  return spawnHale(
    viaNpmStart ? { command: 'npm', args: ['start'] } : { command: process.execPath, args: [builtEntry('server')] },
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

/**
 * `npm` runs the server as a grandchild (npm, then a shell, then node) and leaves on a signal
 * without waiting for it, so a command other than node runs in a process group of its own:
 * signals go to the whole group, and the server counts as exited when the group is empty.
 */
async function spawnHale(
  run: { command: string; args: string[] },
  env: Record<string, string>,
  url: string,
  timeoutMs: number,
): Promise<ChildServer> {
  const group = run.command !== process.execPath;
  const proc = spawn(run.command, run.args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: group,
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string>((resolve) =>
    proc.on('exit', (code, signal) => {
      const status = code ?? signal ?? 'unknown';
      if (!group) return resolve(status);
      const poll = setInterval(() => {
        if (!groupAlive(proc.pid!)) {
          clearInterval(poll);
          resolve(status);
        }
      }, 50);
    }),
  );
  const kill = (signal: NodeJS.Signals) => (group ? signalGroup(proc.pid!, signal) : proc.kill(signal));
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
      kill('SIGKILL');
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
      if (!done) kill(signal);
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

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}
