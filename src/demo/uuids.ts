/**
 * Deterministic UUIDs for generated resources that cannot collide within a seed:
 * 96 of the 128 bits are a bijection of (seed, stream, counter), where the stream is
 * the patient index (or SHARED_STREAM) and the counter counts the stream's resources.
 * The other 32 bits are mixed noise carrying the version-4 and variant bits, so the ids
 * look like ordinary random v4 UUIDs. 100k patients x 600 resources stay unique by
 * construction, not by luck.
 */
import { mix32, seedWord } from './random.ts';

/** The stream of the shared resources (organizations, practitioners, ...). */
export const SHARED_STREAM = 0xffffffff;

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

function hex32(x: number): string {
  return HEX[x >>> 24]! + HEX[(x >>> 16) & 0xff]! + HEX[(x >>> 8) & 0xff]! + HEX[x & 0xff]!;
}

function hex16(x: number): string {
  return HEX[(x >>> 8) & 0xff]! + HEX[x & 0xff]!;
}

export class UuidSource {
  private readonly s: number;
  private readonly streamWord: number;
  private counter = 0;

  constructor(seed: number, stream: number) {
    this.s = mix32(seedWord(seed) ^ 0x6a09e667);
    this.streamWord = mix32((stream ^ this.s) >>> 0);
  }

  next(): string {
    const c = mix32((this.counter++ ^ this.streamWord) >>> 0);
    // c gives the counter; b with c gives the stream; a with b and c gives the seed.
    const b = (this.streamWord ^ mix32((c ^ 0x3c6ef372) >>> 0)) >>> 0;
    const a = (this.s ^ this.streamWord ^ c) >>> 0;
    const noise = mix32((a + c) >>> 0);
    const mid = ((noise & 0x0fff3fff) | 0x40008000) >>> 0; // version 4 nibble; variant bits 10
    return `${hex32(a)}-${hex16(b >>> 16)}-${hex16(mid >>> 16)}-${hex16(mid)}-${hex16(b)}${hex32(c)}`;
  }
}
