import { describe, expect, it } from 'vitest';
import { ContentCache } from './content-cache.ts';

const text = (n: number, c = 'x') => c.repeat(n);

describe('ContentCache', () => {
  it('keeps at most its size in text, dropping the least recently read first', () => {
    const cache = new ContentCache(400);
    for (const id of ['a', 'b', 'c', 'd']) cache.put('Patient', id, 1, text(100, id));
    cache.get('Patient', 'a'); // read again: now the most recent
    cache.put('Patient', 'e', 1, text(100, 'e'));
    expect(cache.get('Patient', 'b')).toBeUndefined();
    expect(['a', 'c', 'd', 'e'].map((id) => cache.get('Patient', id)?.json[0])).toEqual(['a', 'c', 'd', 'e']);
    expect(cache.size).toEqual({ entries: 4, chars: 400 });
  });

  it('holds one version per resource, never an older one over a newer', () => {
    const cache = new ContentCache(1000);
    cache.put('Patient', 'a', 2, 'v2');
    cache.put('Patient', 'a', 1, 'v1'); // a slower read that started before the update
    expect(cache.get('Patient', 'a')).toEqual({ versionId: 2, json: 'v2' });
    cache.put('Patient', 'a', 3, 'v3!');
    expect(cache.get('Patient', 'a')).toEqual({ versionId: 3, json: 'v3!' });
    expect(cache.size).toEqual({ entries: 1, chars: 3 });
    expect(cache.get('Observation', 'a')).toBeUndefined();
  });

  it('does not keep a resource larger than a quarter of its size', () => {
    const cache = new ContentCache(400);
    cache.put('Patient', 'small', 1, text(100));
    cache.put('Binary', 'huge', 1, text(101));
    expect(cache.get('Binary', 'huge')).toBeUndefined();
    expect(cache.get('Patient', 'small')?.versionId).toBe(1);
  });
});
