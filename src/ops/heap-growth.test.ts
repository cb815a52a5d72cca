/**
 * The heap growth setting bounds how far the heap grows during a burst. Each case runs in
 * its own process, since V8's flags and heap are per process.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';

const MODULE = path.join(import.meta.dirname, 'heap-growth.ts');

/** Largest heap (MB) a burst like a large transaction reached, in a fresh process with the given setting. */
function peakHeapMb(percent: number): number {
  const script = `
    import v8 from 'node:v8';
    import { setHeapGrowth } from ${JSON.stringify(MODULE)};
    setHeapGrowth(${percent});
    const live = [];
    let peak = 0;
    for (let round = 0; round < 400; round++) {
      // Each batch stays alive for a while (promoted to the old space), then becomes garbage.
      live.push(Array.from({ length: 5000 }, (_, i) => ({ id: 'r' + round + '-' + i, values: [i, round], text: 'x'.repeat(40 + (i % 20)) })));
      if (live.length > 40) live.shift();
      peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
    }
    console.log(Math.round(peak / 2 ** 20));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return Number(out.trim());
}

describe('heap growth', () => {
  it('at 20% keeps a burst well below the heap V8 grows to by itself', () => {
    const v8Default = peakHeapMb(0);
    const bounded = peakHeapMb(20);
    // Measured: 365-374 MB against 148-158 MB.
    expect(bounded).toBeGreaterThan(0);
    expect(bounded).toBeLessThan(v8Default * 0.6);
  });

  it('is 20% unless HALE_HEAP_GROWTH_PERCENT says otherwise, and a bad value names the variable', () => {
    const load = (env: Record<string, string>) => loadConfig({ HALE_DATA_DIR: '/tmp/unused', ...env });
    expect(load({}).heapGrowthPercent).toBe(20);
    expect(load({ HALE_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(() => load({ HALE_HEAP_GROWTH_PERCENT: 'lots' })).toThrow(/HALE_HEAP_GROWTH_PERCENT/);
    expect(() => load({ HALE_HEAP_GROWTH_PERCENT: '-5' })).toThrow(/HALE_HEAP_GROWTH_PERCENT/);
  });
});
