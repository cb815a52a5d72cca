/**
 * The coalescer's own rules, over a database stand-in that records each statement and can
 * refuse some: a lone read goes at once and alone; reads queued behind a busy lane share one
 * statement (one per shape); a failed shared statement runs each read again alone, so only
 * the read that fails by itself fails. Whether the shared statement answers and records
 * correctly is shown on both engines in test/grouped-reads.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../db/types.ts';
import { ReadCoalescer } from './read-coalescer.ts';

const SHAPE_A = 'SELECT r.id, true AS allowed, false AS deleted, ARRAY[]::text[] AS patient_ids FROM resource r WHERE r.id = $1';
const SHAPE_B =
  'SELECT r.id, ($2::text IS NOT NULL) AS allowed, false AS deleted, ARRAY[]::text[] AS patient_ids FROM resource r WHERE r.id = $1';

/** A read's own statement, as the store gives it (CoalescedRead.alone), marked so the test can tell it from a shared one. */
const aloneOf = (id: string) => () => ({
  sql: `WITH g AS (SELECT 0 AS k, s.* FROM (${SHAPE_A}) AS s) SELECT * FROM g -- alone`,
  params: [id],
});

/** Answers a row per branch (k, and the id it was given), after `release()` when held. */
function standIn(refuse: (sql: string, params: readonly unknown[]) => boolean = () => false) {
  const statements: { sql: string; params: readonly unknown[] }[] = [];
  let held: (() => void)[] | undefined;
  const db = {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      statements.push({ sql, params });
      if (held) await new Promise<void>((r) => held!.push(r));
      if (refuse(sql, params)) throw new Error('refused');
      const branches = sql.match(/SELECT \d+ AS k/g) ?? [];
      const rows = branches.map((b, k) => {
        const own = sql.split(' UNION ALL ')[k]!;
        const first = Number(/r\.id = \$(\d+)/.exec(own)![1]);
        return { k: Number(/\d+/.exec(b)![0]), id: params[first - 1], allowed: true, deleted: false, patient_ids: [] };
      });
      return { rows: rows as T[], rowCount: rows.length };
    },
  };
  return {
    db,
    statements,
    hold: () => (held = []),
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const r of waiting) r();
    },
  };
}

describe('read coalescer', () => {
  it('sends a lone read at once, as its own statement when it has one', async () => {
    const s = standIn();
    const c = new ReadCoalescer(s.db, s.db, 1);
    const alone = aloneOf('a');
    expect((await c.read({ sql: SHAPE_A, params: ['a'], alone }))?.id).toBe('a');
    expect((await c.read({ sql: SHAPE_A, params: ['b'] }))?.id).toBe('b');
    expect(s.statements.map((x) => x.sql.endsWith('-- alone'))).toEqual([true, false]);
    expect(s.statements.every((x) => !x.sql.includes('UNION ALL'))).toBe(true);
  });

  it('groups reads that wait for the lane, one statement per shape, with parameters renumbered', async () => {
    const s = standIn();
    const c = new ReadCoalescer(s.db, s.db, 1);
    s.hold();
    const first = c.read({ sql: SHAPE_A, params: ['first'] });
    const rest = [
      c.read({ sql: SHAPE_A, params: ['a1'] }),
      c.read({ sql: SHAPE_B, params: ['b1', 'x'] }),
      c.read({ sql: SHAPE_A, params: ['a2'] }),
      c.read({ sql: SHAPE_B, params: ['b2', 'y'] }),
    ];
    s.release();
    await first;
    s.release();
    const rows = await Promise.all(rest);
    expect(rows.map((r) => r?.id)).toEqual(['a1', 'b1', 'a2', 'b2']);
    // The lone first read, then the two A reads together, then the two B reads together.
    expect(s.statements.map((x) => x.params)).toEqual([['first'], ['a1', 'a2'], ['b1', 'x', 'b2', 'y']]);
    expect(s.statements[2]!.sql).toContain('r.id = $3');
    expect(c.counts).toMatchObject({ statements: 3, reads: 5 });
  });

  it('sends each read as its own statement when no statement name is left for a shared one', async () => {
    const s = standIn();
    const c = new ReadCoalescer(s.db, s.db, 1, () => undefined);
    s.hold();
    const first = c.read({ sql: SHAPE_A, params: ['first'], alone: aloneOf('first') });
    const rest = ['a1', 'a2', 'a3'].map((id) => c.read({ sql: SHAPE_A, params: [id], alone: aloneOf(id) }));
    s.release();
    await first;
    expect((await Promise.all(rest)).map((r) => r?.id)).toEqual(['a1', 'a2', 'a3']);
    // Unnamed, a shared statement would be planned anew at every batch: none is sent.
    expect(s.statements.every((x) => x.sql.endsWith('-- alone'))).toBe(true);
    expect(s.statements.map((x) => x.params)).toEqual([['first'], ['a1'], ['a2'], ['a3']]);
    expect(c.counts).toMatchObject({ statements: 4, reads: 4 });
  });

  it('with no statement name left, a read that fails alone does not run the others again', async () => {
    const s = standIn((_sql, params) => params.includes('bad'));
    const c = new ReadCoalescer(s.db, s.db, 1, () => undefined);
    s.hold();
    const first = c.read({ sql: SHAPE_A, params: ['first'], alone: aloneOf('first') });
    const rest = ['a1', 'bad', 'a3'].map((id) => c.read({ sql: SHAPE_A, params: [id], alone: aloneOf(id) }));
    s.release();
    await first;
    const outcomes = await Promise.allSettled(rest);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // Each read ran once: a read's statement writes its audit record, so running it again would record it twice.
    expect(s.statements.map((x) => x.params)).toEqual([['first'], ['a1'], ['bad'], ['a3']]);
    expect(c.counts).toMatchObject({ statements: 4, reads: 4, retriedAlone: 0 });
  });

  it('runs the reads of a failed shared statement again alone: only the one that fails alone fails', async () => {
    const s = standIn((sql, params) => sql.includes('UNION ALL') || params.includes('bad'));
    const c = new ReadCoalescer(s.db, s.db, 1);
    s.hold();
    const first = c.read({ sql: SHAPE_A, params: ['first'] });
    const good = c.read({ sql: SHAPE_A, params: ['good'] });
    const bad = c.read({ sql: SHAPE_A, params: ['bad'] });
    s.release();
    await first;
    s.release();
    expect((await good)?.id).toBe('good');
    await expect(bad).rejects.toThrow('refused');
    expect(c.counts.retriedAlone).toBe(2);
  });

  it('writes records through the record target, and reads without records through the database', async () => {
    const plain = standIn();
    const records = standIn();
    const c = new ReadCoalescer(plain.db, records.db, 1);
    await c.read({ sql: SHAPE_A, params: ['quiet'] });
    await c.read({ sql: SHAPE_A, params: ['told'], audit: { action: 'read', outcome: 'success', userId: 'u', roles: ['doctor'] } });
    expect(plain.statements.map((x) => x.params)).toEqual([['quiet']]);
    expect(records.statements).toHaveLength(1);
    expect(records.statements[0]!.sql).toContain('INSERT INTO audit_event');
    expect(JSON.parse(records.statements[0]!.params.at(-1) as string)).toMatchObject([{ k: 0, user_id: 'u', action: 'read' }]);
  });
});
