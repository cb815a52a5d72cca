/**
 * Exclusive lock on the data folder. Two processes opening one PGlite folder corrupt it,
 * so every process that opens the folder (server or CLI) takes this lock first.
 *
 * The lock is a file created with O_EXCL holding the owner's pid. A lock whose pid no
 * longer runs (the owner was killed) is stale and taken over, so a restart after SIGKILL
 * starts at once. Hand-written because the usual lockfile packages detect staleness by
 * timestamps, which would make a restart after a crash wait.
 */
import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by another Hale process (pid ${ownerPid}). ` +
        'Stop that process first, or run this command against the running server. ' +
        'Two processes on one embedded database folder would corrupt it.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'hale.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), purpose, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const owner = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
          if (owner.pid === process.pid) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: { pid?: number; host?: string } = {};
      try {
        owner = JSON.parse(readFileSync(file, 'utf8')) as typeof owner;
      } catch {
        // A lock file cut short by a crash during creation: treat as stale.
      }
      const pid = Number(owner.pid);
      const sameHost = !owner.host || owner.host === hostname();
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && (!sameHost || processAlive(pid))) {
        throw new DataDirLockedError(dataDir, pid);
      }
      try {
        unlinkSync(file);
      } catch {
        // someone else removed it first; try again
      }
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}`);
}
