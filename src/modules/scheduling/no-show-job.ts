/**
 * The no-show job: booked appointments whose start plus the grace period (HALE_NO_SHOW_GRACE_MIN,
 * default 15) has passed without a check-in become noshow, with a history entry by
 * 'system:no-show'; that frees their time. Safe with several servers: a run holds a
 * transaction-scoped advisory lock, and a server that cannot take it skips the round. Each
 * appointment is written with If-Match on the version it read, so a check-in at the same
 * moment wins and the job leaves that appointment alone. `now` is a parameter, so tests
 * run it at any time.
 */
import type { Appointment } from '@medplum/fhirtypes';
import { tryLockForTransaction } from '../../db/advisory-lock.ts';
import { HaleError } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { changeBy, withChange } from './status-history.ts';
import { asResource, searchAll } from './store-reads.ts';
import { utcIso } from './zoned-time.ts';

export interface NoShowRun {
  /** False when another server held the lock. */
  ran: boolean;
  marked: string[];
  /** Changed meanwhile (checked in, cancelled): left alone. */
  skipped: string[];
}

/** `repo` acts as the system (systemContext('no-show')): the job has no user. */
export async function markNoShows(repo: FhirRepository, opts: { now: Date; graceMinutes: number; batch?: number }): Promise<NoShowRun> {
  const cutoff = new Date(opts.now.getTime() - opts.graceMinutes * 60_000);
  return repo.inTransaction(async (tx) => {
    // The job's own lock, not data: the one statement here outside the store.
    if (!(await tryLockForTransaction(tx.db, 'no-show'))) return { ran: false, marked: [], skipped: [] };
    const due = await searchAll<Appointment>(
      tx,
      'Appointment',
      { status: 'booked', date: `lt${utcIso(cutoff)}`, _sort: 'date' },
      opts.batch ?? 200,
    );
    const marked: string[] = [];
    const skipped: string[] = [];
    for (const a of due) {
      const reason = `not checked in within ${opts.graceMinutes} minutes of the start`;
      try {
        // A savepoint each: one refused write does not undo the others.
        await tx.inTransaction((one) =>
          one.update(
            'Appointment',
            a.id!,
            asResource(withChange(a, changeBy(one.ctx, 'no-show', 'noshow', opts.now, { reason }))),
            Number(a.meta?.versionId),
          ),
        );
        marked.push(a.id!);
      } catch (err) {
        if (!(err instanceof HaleError) || !['precondition-failed', 'conflict', 'invalid-resource'].includes(err.code)) throw err;
        skipped.push(a.id!);
      }
    }
    return { ran: true, marked, skipped };
  });
}
