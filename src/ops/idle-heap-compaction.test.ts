/**
 * After a burst that grew the heap, the first quiet moment collects it and the heap
 * shrinks; while the event loop is busy, nothing runs.
 */
import v8 from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { startIdleHeapCompaction, type IdleHeapCompaction } from './idle-heap-compaction.ts';

let compaction: IdleHeapCompaction | undefined;
afterEach(() => compaction?.stop());

const heapSize = () => v8.getHeapStatistics().total_heap_size;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** About `mb` megabytes of short-lived objects, the way a large import leaves them. */
function burst(mb: number): number {
  let kept: unknown[] = [];
  let n = 0;
  for (let i = 0; i < mb * 64; i++) {
    kept.push(Array.from({ length: 1024 }, (_, k) => ({ k, s: `v${k}` })));
    // Keep a rolling window alive, so the young generation promotes it and the old space grows.
    if (kept.length > mb * 16) kept = kept.slice(-mb * 8);
    n++;
  }
  return n + kept.length;
}

describe('idle heap compaction', () => {
  it('runs once the server is quiet after the heap grew, and the heap shrinks', async () => {
    compaction = startIdleHeapCompaction({ everyMs: 100, growthBytes: 16 * 1024 * 1024, idleBelow: 0.5 });
    // Start-up garbage may be collected first; wait for that to settle.
    for (let i = 0; i < 20 && compaction.runs === 0; i++) await sleep(100);
    const runsBefore = compaction.runs;
    expect(burst(24)).toBeGreaterThan(0);
    const grown = heapSize();
    for (let i = 0; i < 50 && compaction.runs === runsBefore; i++) await sleep(100);
    expect(compaction.runs).toBe(runsBefore + 1);
    expect(heapSize()).toBeLessThan(grown);
  });

  it('does not run while the event loop is busy', async () => {
    compaction = startIdleHeapCompaction({ everyMs: 50, growthBytes: 1, idleBelow: 0.2 });
    const runsAtStart = compaction.runs;
    // Busy: the loop works 45 ms of every 50 for half a second.
    const until = Date.now() + 500;
    while (Date.now() < until) {
      const slice = Date.now() + 45;
      while (Date.now() < slice) burst(1);
      await sleep(5);
    }
    expect(compaction.runs).toBe(runsAtStart);
    for (let i = 0; i < 20 && compaction.runs === runsAtStart; i++) await sleep(100);
    expect(compaction.runs).toBeGreaterThan(runsAtStart);
  });
});
