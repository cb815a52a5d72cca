/**
 * A small, fast, seeded PRNG (sfc32: 128 bits of state) and the few draws the demo
 * generator needs. Each patient gets a stream of its own, derived from (seed, index),
 * so patient N is the same whether 10 or 100,000 are generated, and a load generator
 * can produce any slice of a population without producing what comes before it.
 */

/** murmur3's finalizer: a bijection on 32-bit integers that mixes every bit. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Folds any finite number (also > 2^32 or fractional) into a 32-bit seed word. */
export function seedWord(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, not ${seed}`);
  const int = Math.trunc(Math.abs(seed));
  const lo = int >>> 0;
  const hi = Math.floor(int / 0x1_0000_0000) >>> 0;
  const frac = Math.round((Math.abs(seed) - int) * 0x1_0000_0000) >>> 0;
  return mix32(lo ^ mix32(hi ^ mix32(frac ^ (seed < 0 ? 0x5bd1e995 : 0))));
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` separates independent sequences of one seed (e.g. the patient index). */
  constructor(seed: number, stream = 0) {
    const s = seedWord(seed);
    this.a = mix32(s ^ 0x9e3779b9);
    this.b = mix32(stream ^ 0x243f6a88);
    this.c = mix32((s + stream) ^ 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 0x1_0000_0000;
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** Picks by weight; `weights[i]` belongs to `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.float() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i]!;
      if (x < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** Approximately normal (sum of four uniforms: cheap, bounded at ±3.46 sd). */
  normal(mean: number, sd: number): number {
    const u = this.float() + this.float() + this.float() + this.float() - 2;
    return mean + sd * u * 1.7320508075688772;
  }

  /** A digit string of the given length (leading zeros allowed). */
  digits(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += String.fromCharCode(48 + Math.floor(this.float() * 10));
    return s;
  }
}
