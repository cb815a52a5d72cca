/**
 * Lets a long synchronous test loop answer the test runner now and then. Vitest's worker
 * talks to the runner with a fixed 60 s reply timeout, and Node runs timers before reading
 * the reply, so a loop that holds the event loop longer than that (a minute of validation on
 * a busy CI machine) fails the run although every test passed. Awaiting this every `every`
 * items gives the reply its turn.
 */
import { setImmediate } from 'node:timers/promises';

export async function* yieldingEach<T>(items: Iterable<T>, every = 200): AsyncGenerator<T> {
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n % every === 0) await setImmediate();
  }
}
