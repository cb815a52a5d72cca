/**
 * CPU time spent by the processes behind one load phase, read from /proc (Linux): the
 * server's own process, and the PostgreSQL server's processes (its backends, WAL writer and
 * so on). Divided by the requests served, it says where each request's cost lies, and it
 * moves far less with a noisy shared machine than requests per second do. Elsewhere (no
 * /proc) the figures are left out.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User plus system CPU of one process so far, in ms; undefined once it is gone. */
function processCpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return undefined;
  }
}

function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
}

export interface CpuSnapshot {
  server: number;
  /** per PostgreSQL process (one that ends within the phase is not counted) */
  postgres: Map<number, number>;
}

export const cpuTimeAvailable = (): boolean => existsSync('/proc/self/stat');

export function cpuSnapshot(serverPid: number): CpuSnapshot {
  const postgres = new Map<number, number>();
  for (const pid of postgresPids()) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) postgres.set(pid, ms);
  }
  return { server: processCpuMs(serverPid) ?? NaN, postgres };
}

/** Microseconds of CPU per request between two snapshots: the server's, and PostgreSQL's. */
export function cpuPerRequest(before: CpuSnapshot, after: CpuSnapshot, requests: number): { server: number; database: number } {
  let database = 0;
  for (const [pid, ms] of after.postgres) database += ms - (before.postgres.get(pid) ?? 0);
  return { server: ((after.server - before.server) * 1000) / requests, database: (database * 1000) / requests };
}
