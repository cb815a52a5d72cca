/**
 * Database errors normalised once, where SQL runs (both engines report SQLSTATE codes).
 * Unique violation -> 409, serialization failure/deadlock -> 409 (retried first by the
 * transaction helper), statement timeout -> 504, disk full or lost connection -> 503, text
 * the database cannot hold (U+0000) -> 400.
 */
import { HaleError } from '../errors.ts';

interface PgLikeError {
  code?: string;
  message?: string;
  detail?: string;
  constraint?: string;
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

/** Who is busy and when, from an appointment_busy_no_overlap violation (migration 0011). */
export interface BusyConflict {
  /** 'Practitioner/123' */
  actor: string;
  /** The time already taken, ISO 8601 in UTC. */
  start: string;
  end: string;
  /** The Appointment holding that time. */
  appointmentId: string;
}

/** PostgreSQL prints a timestamptz as '2026-03-30 07:00:00+00' (or with +05:30): to ISO 8601 in UTC. */
function isoUtc(pgTime: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?$/.exec(pgTime.trim());
  const t = m ? Date.parse(`${m[1]}T${m[2]}${m[3]}:${m[4] ?? '00'}`) : NaN;
  return Number.isNaN(t) ? pgTime : new Date(t).toISOString().replace('.000Z', 'Z');
}

/** The existing key of the double-booking guard's violation detail, or undefined for any other detail. */
export function parseBusyConflict(detail: string | undefined): BusyConflict | undefined {
  const m = /conflicts with existing key \(actor, during, resource_id\)=\((\S+), [\[(]"?([^",]+)"?,"?([^",)\]]+)"?[)\]], (.+)\)\.?$/.exec(
    detail ?? '',
  );
  if (!m) return undefined;
  return { actor: m[1]!, start: isoUtc(m[2]!), end: isoUtc(m[3]!), appointmentId: m[4]! };
}

/** 23P01: the double-booking guard names who is busy and when; any other exclusion constraint says what it can. */
function exclusionConflict(err: PgLikeError): HaleError {
  const busy = err.constraint === undefined || err.constraint === 'appointment_busy_no_overlap' ? parseBusyConflict(err.detail) : undefined;
  if (!busy) return new HaleError('conflict', 'The write conflicts with an existing record (exclusion constraint).');
  const message = `${busy.actor} is already booked from ${busy.start} to ${busy.end} (Appointment/${busy.appointmentId})`;
  // `busy` rides along so a use case can name the person or room in its own words.
  return Object.assign(new HaleError('conflict', `Double booking refused: ${message}.`, [{ field: 'participant', message }]), { busy });
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
      return exclusionConflict(err as PgLikeError);
    case '40001':
    case '40P01':
      return new HaleError('conflict', 'The write conflicted with a concurrent write; try again.');
    // A text value PostgreSQL cannot hold (U+0000, or an escape jsonb refuses): the
    // request's fault, not the server's. Written resources are checked before this
    // (validation/primitives.ts); this covers search values, user names and the like.
    case '22021':
    case '22P05':
      return new HaleError(
        'bad-request',
        'The request holds a character that cannot be stored or searched (U+0000 or an unpaired surrogate).',
      );
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
