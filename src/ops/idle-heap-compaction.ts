/**
 * Gives memory back after a burst of work. V8 keeps the heap it grew to while a large
 * import or transaction ran, and on a quiet server nothing prompts it to collect and
 * shrink: the process stays hundreds of megabytes larger than it needs to be (measured
 * after the Synthea import over HTTP: 414 MB resident, of which 267 MB heap in use, 71 MB
 * of it live). So, every 3 seconds, when the event loop has been almost idle and the
 * heap has grown 16 MB past its size after the last collection, one full, compacting
 * collection runs: 150 ms there, with nothing waiting, and the process went to 195 MB
 * (286 MB with a full collection that did not compact). Under load it never runs (the loop
 * is busy), and V8's own collector goes on as usual.
 *
 * Why 16 MB and 3 s: with 48 MB every 5 s, the core benchmark's server (which had collected
 * between its load phases) did not collect within 15 s of the Synthea import over HTTP and
 * stayed at 266-271 MB resident; now it does, at 227-230 MB (bench/RESULTS.md, 2026-12-06
 * 17:34-17:47).
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

export interface IdleHeapCompactionOptions {
  /** How often to look (ms). */
  everyMs?: number;
  /** Event-loop utilisation over the last interval below which the server counts as idle. */
  idleBelow?: number;
  /** Heap growth (bytes) since the last collection that makes one worth its pause. */
  growthBytes?: number;
  /** Told after each collection: heap size before and after (bytes), and how long it took (ms). */
  onRun?: (run: { before: number; after: number; ms: number }) => void;
}

export interface IdleHeapCompaction {
  /** Collections run so far. */
  readonly runs: number;
  stop(): void;
}

/** V8's full collection: the global one when the process started with --expose-gc, else made available now. */
function fullCollection(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

export function startIdleHeapCompaction(opts: IdleHeapCompactionOptions = {}): IdleHeapCompaction {
  const everyMs = opts.everyMs ?? 3000;
  const idleBelow = opts.idleBelow ?? 0.02;
  const growthBytes = opts.growthBytes ?? 16 * 1024 * 1024;
  const gc = fullCollection();
  let runs = 0;
  let sizeAfterLast = 0; // the first quiet moment after start collects what loading left behind
  let elu = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, elu).utilization;
    elu = now;
    const size = v8.getHeapStatistics().total_heap_size;
    if (busy >= idleBelow || size < sizeAfterLast + growthBytes) return;
    const started = performance.now();
    // Compacting too: a plain full collection frees the dead objects but keeps most pages
    // (old space stayed at 142 MB with 55 MB live after the Synthea import); moving the live
    // objects together lets V8 return the emptied pages (59 MB then). Only for this one.
    v8.setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      v8.setFlagsFromString('--no-compact-on-every-full-gc');
    }
    runs++;
    sizeAfterLast = v8.getHeapStatistics().total_heap_size;
    opts.onRun?.({ before: size, after: sizeAfterLast, ms: performance.now() - started });
  }, everyMs);
  timer.unref();
  return {
    get runs() {
      return runs;
    },
    stop: () => clearInterval(timer),
  };
}
