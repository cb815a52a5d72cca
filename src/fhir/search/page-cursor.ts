/**
 * Keyset paging cursors. A `next` link carries the last row's sort values and id, a
 * `previous` link the first row's; the next page is "the rows after this position", so
 * rows inserted or deleted meanwhile never shift what a client following the links sees
 * (offsets would). The cursor is opaque to clients (base64url JSON) and validated on the
 * way back: it must belong to this search's type and sort, and every value must have the
 * shape its sort key's column type allows. Values are only ever bound as `$n` parameters.
 */
import { createHash } from 'node:crypto';
import { badRequest } from '../../errors.ts';
import { ID_PATTERN } from '../validation/resource-id.ts';
import type { SortKey } from './search-request.ts';

export type CursorDirection = 'next' | 'prev' | 'last';

export interface PageCursor {
  direction: CursorDirection;
  /** One value per sort key (SQL text form; null when the row has no value), absent for 'last'. */
  values: (string | null)[];
  /** The row's id: the final, unique sort key. */
  id: string;
}

/** The SQL type a sort key's value is bound as. */
export type SortValueType = 'text' | 'timestamptz' | 'numeric';

export function sortValueType(key: SortKey): SortValueType {
  if (key.table === 'resource') return key.param === '_lastUpdated' ? 'timestamptz' : 'text';
  if (key.table === 'date') return 'timestamptz';
  if (key.table === 'number' || key.table === 'quantity') return 'numeric';
  return 'text';
}

const VALUE_SHAPES: Readonly<Record<SortValueType, RegExp>> = {
  text: /^[\s\S]{0,4096}$/,
  // PostgreSQL's ISO output of timestamptz (what the page query returns), and the open ends.
  timestamptz: /^(-?infinity|\d{4,}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)?( BC)?)$/,
  numeric: /^-?\d{1,100}(\.\d{1,100})?(e[+-]?\d{1,4})?$/i,
};

/** Ties the cursor to the search it came from: its type and its sort keys (values alone mean nothing elsewhere). */
function fingerprint(resourceType: string, sort: readonly SortKey[]): string {
  const keys = sort.map((k) => `${k.descending ? '-' : ''}${k.param}`).join(',');
  return createHash('sha256').update(`${resourceType}?_sort=${keys}`).digest('base64url').slice(0, 12);
}

export function encodeCursor(resourceType: string, sort: readonly SortKey[], cursor: PageCursor): string {
  const body = { f: fingerprint(resourceType, sort), d: cursor.direction, v: cursor.values, i: cursor.id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function invalid(reason: string): never {
  throw badRequest(`_cursor: ${reason}; follow the links of a search Bundle, or start again without _cursor`, [
    { field: '_cursor', message: reason },
  ]);
}

export function decodeCursor(resourceType: string, sort: readonly SortKey[], raw: string): PageCursor {
  if (!/^[A-Za-z0-9_-]{1,16384}$/.test(raw)) invalid('is not a paging cursor of this server');
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    invalid('is not a paging cursor of this server');
  }
  const b = body as { f?: unknown; d?: unknown; v?: unknown; i?: unknown };
  if (!b || typeof b !== 'object') invalid('is not a paging cursor of this server');
  if (b.f !== fingerprint(resourceType, sort)) invalid(`belongs to another search (a different type or _sort)`);
  if (b.d !== 'next' && b.d !== 'prev' && b.d !== 'last') invalid('has an unknown direction');
  if (b.d === 'last') return { direction: 'last', values: [], id: '' };
  if (typeof b.i !== 'string' || !ID_PATTERN.test(b.i)) invalid('has an invalid id');
  if (!Array.isArray(b.v) || b.v.length !== sort.length) invalid('does not match the sort keys');
  const values = b.v as unknown[];
  sort.forEach((key, n) => {
    const v = values[n];
    if (v === null) return;
    if (typeof v !== 'string' || !VALUE_SHAPES[sortValueType(key)].test(v)) invalid(`has an invalid value for ${key.param}`);
  });
  return { direction: b.d, values: values as (string | null)[], id: b.i };
}
