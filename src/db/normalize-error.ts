/**
 * Database errors normalised once, where SQL runs (both engines report SQLSTATE codes).
 * Unique violation -> 409, serialization failure/deadlock -> 409 (retried first by the
 * transaction helper), statement timeout -> 504, disk full or lost connection -> 503.
 */
import { HaleError } from '../errors.ts';

interface PgLikeError {
  code?: string;
  message?: string;
  detail?: string;
}

export const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

export function sqlState(err: unknown): string | undefined {
  const code = (err as PgLikeError | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the error means the disk (or the WASM file system) is out of space. */
export function isDiskFullError(err: unknown): boolean {
  const code = sqlState(err);
  const message = String((err as PgLikeError | undefined)?.message ?? '');
  return code === '53100' || code === 'ENOSPC' || /No space left on device|could not extend file|ENOSPC/i.test(message);
}

export function normalizeDbError(err: unknown): unknown {
  if (err instanceof HaleError) return err;
  const code = sqlState(err);
  const message = String((err as PgLikeError | undefined)?.message ?? err);
  if (isDiskFullError(err)) {
    const full = new HaleError('unavailable', 'The database is out of disk space; writes are refused until space is freed.', [], {
      'Retry-After': '30',
    });
    // Keep the original: the embedded engine reads it to tell a wedging WAL failure apart.
    return Object.assign(full, { cause: err });
  }
  switch (code) {
    case '23505':
      return new HaleError('conflict', 'The write conflicts with an existing record (unique constraint).', [
        { message: (err as PgLikeError).detail ?? message },
      ]);
    case '23P01':
      return new HaleError('conflict', 'The write conflicts with an existing record (exclusion constraint).');
    case '40001':
    case '40P01':
      return new HaleError('conflict', 'The write conflicted with a concurrent write; try again.');
    case '57014':
      return new HaleError('timeout', 'The database statement took too long and was cancelled.');
    case '57P01':
    case '57P02':
    case '57P03':
    case '08000':
    case '08001':
    case '08003':
    case '08006':
      return new HaleError('unavailable', 'The database is not reachable.', [], { 'Retry-After': '5' });
    default:
      break;
  }
  const sysCode = (err as NodeJS.ErrnoException | undefined)?.code;
  if (sysCode === 'ECONNREFUSED' || sysCode === 'ECONNRESET' || sysCode === 'ETIMEDOUT') {
    return new HaleError('unavailable', 'The database is not reachable.', [], { 'Retry-After': '5' });
  }
  return err;
}
