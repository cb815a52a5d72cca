/**
 * What the two group commits (write-coalescer.ts, read-coalescer.ts) share: a few
 * statements in flight at once, each taking a batch of the requests queued meanwhile, and a
 * failed batch run again one request at a time, so one request's failure is never another's.
 */

/** A queued request: its input, and how to answer it. */
export interface Waiter<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/** At most `lanes` statements in flight; when one ends, the next batch its owner has queued goes. */
export class StatementLanes<B> {
  private busy = 0;

  constructor(
    private readonly lanes: number,
    /** The next batch to send, or undefined when nothing waits. */
    private readonly nextBatch: () => B | undefined,
    private readonly send: (batch: B) => Promise<void>,
  ) {}

  pump(): void {
    while (this.busy < this.lanes) {
      const batch = this.nextBatch();
      if (batch === undefined) return;
      this.busy++;
      void this.send(batch).finally(() => {
        this.busy--;
        this.pump();
      });
    }
  }
}

/**
 * Runs the batch as one statement (`run` answers each item by position). A statement is all
 * or nothing, so when it fails each item runs again alone and gets its own outcome;
 * `runningAlone` hears how many, before any of them is answered.
 */
export async function togetherOrAlone<I, R>(
  batch: readonly Waiter<I, R>[],
  run: (items: readonly I[]) => Promise<R[]>,
  runningAlone: (count: number) => void,
): Promise<void> {
  try {
    const results = await run(batch.map((w) => w.item));
    batch.forEach((w, k) => w.resolve(results[k] as R));
  } catch (err) {
    if (batch.length === 1) return batch[0]!.reject(err);
    runningAlone(batch.length);
    await Promise.all(
      batch.map((w) =>
        run([w.item]).then(
          (results) => w.resolve(results[0] as R),
          (e: unknown) => w.reject(e),
        ),
      ),
    );
  }
}
