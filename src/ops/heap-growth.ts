/**
 * How much the V8 heap may grow past what is live before the next full collection.
 *
 * V8 picks the factor itself, from 1.1 up to 4 when its collector seems expensive beside
 * the program's work, and a burst of allocation (a transaction Bundle of thousands of
 * resources, an import) is exactly that case: the heap grows to several times its live
 * size and the process keeps those pages until it is quiet again (idle-heap-compaction.ts).
 * Measured on the Synthea import over HTTP, 102 files, 74,613 resources, on a fresh server:
 * 512-550 MB resident when it ended (peak 570-629 MB), with about 74 MB of the heap live;
 * with the factor held at 1.2, 268-277 MB (peak 314-324 MB), the import about 8% slower.
 * A server is sized by its resident memory (a container limit, several instances on one
 * host), so Hale holds the factor at 1.2 by default; 0 gives the choice
 * back to V8. README.md (Operations) and bench/RESULTS.md have the figures and the cost.
 */
import v8 from 'node:v8';

/** Sets V8's heap growing factor to 1 + percent/100 (percent 0: V8's adaptive default). Call once, early. */
export function setHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
