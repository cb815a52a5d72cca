/**
 * Collects bound parameters while SQL is assembled: every value goes in as `$n` with an
 * explicit cast from a fixed list, so no client text is ever part of the SQL string.
 */

const CASTS = new Set(['text', 'text[]', 'timestamptz', 'numeric', 'bigint']);

export class SqlParams {
  readonly values: unknown[] = [];

  constructor(initial: readonly unknown[] = []) {
    this.values.push(...initial);
  }

  add(value: unknown, cast: 'text' | 'text[]' | 'timestamptz' | 'numeric' | 'bigint'): string {
    if (!CASTS.has(cast)) throw new Error(`unexpected cast ${String(cast)}`);
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}
