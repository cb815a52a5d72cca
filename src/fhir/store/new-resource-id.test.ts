import { describe, expect, it } from 'vitest';
import { newResourceId } from './new-resource-id.ts';
import { ID_PATTERN } from '../validation/resource-id.ts';

describe('newResourceId', () => {
  it('gives valid FHIR ids in the UUID version 7 layout, all different', () => {
    const ids = Array.from({ length: 5000 }, newResourceId);
    for (const id of ids.slice(0, 50)) {
      expect(id).toMatch(ID_PATTERN);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts ids made later after earlier ones (byte order, as the store indexes them)', async () => {
    const earlier = Array.from({ length: 300 }, newResourceId); // more than one pool refill
    await new Promise((r) => setTimeout(r, 5));
    const later = Array.from({ length: 300 }, newResourceId);
    const lastEarlier = [...earlier].sort().at(-1)!;
    for (const id of later) expect(Buffer.compare(Buffer.from(id), Buffer.from(lastEarlier))).toBe(1);
  });

  it('carries the time it was made in its first 48 bits', () => {
    const before = Date.now();
    const id = newResourceId();
    const after = Date.now();
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });
});
