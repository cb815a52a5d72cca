/**
 * A stable prepared-statement name for generated SQL. Statements built from the access
 * policy and search filters are long, and planning them costs more than running them (7 ms
 * against 1 ms, measured); a named statement is planned once per connection and then reuses
 * a generic plan. The set of shapes is small in practice; past a bound, new shapes run
 * unnamed so a stream of odd queries cannot grow every connection's statement cache.
 */
import { createHash } from 'node:crypto';

const MAX_SHAPES = 2000;
const names = new Map<string, string>();

export function statementName(prefix: string, sql: string): string | undefined {
  const known = names.get(sql);
  if (known) return known;
  if (names.size >= MAX_SHAPES) return undefined;
  const name = `${prefix}_${createHash('sha1').update(sql).digest('base64url').slice(0, 16)}`;
  names.set(sql, name);
  return name;
}
