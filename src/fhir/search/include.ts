/**
 * `_include` and `_revinclude` (with `*` and `:iterate`): the resources a page's matches
 * point at, and the resources pointing at them, found through the sp_reference index.
 *
 * Every included resource is fetched with the row scope of its own type, exactly as a
 * search of that type would be: a type the caller may not read contributes nothing, and
 * rows outside the scope are never fetched. So includes cannot reach what a search could
 * not. `:iterate` repeats on what was just added, a bounded number of rounds, and the
 * whole set is capped; when it is cut short the caller is told.
 */
import type { Queryable } from '../../db/types.ts';
import { fromRow, type ResourceRow } from '../store/resource-rows.ts';
import type { StoredResource } from '../store/stored-resource.ts';
import { SELECT_COLUMNS } from './build-sql.ts';
import type { IncludeParam, SearchRequest } from './search-request.ts';
import { SqlParams } from './sql-params.ts';

/** At most this many included resources per page. */
export const MAX_INCLUDED = 1000;
/** `:iterate` follows references this many rounds beyond the first. */
export const MAX_ITERATIONS = 3;

export interface IncludeAccess {
  /** The read scope of a type as SQL over `r`: undefined = every row; null = the caller may not read the type at all. */
  scopeOf(resourceType: string): ((p: SqlParams) => string) | undefined | null;
  /** An extra column per included row (the audit trail's patient ids). */
  extraColumn?: (resourceType: string, p: SqlParams) => string;
}

export interface IncludeOutcome {
  resources: StoredResource[];
  /** Per resource, the extra column (same order). */
  extras: unknown[];
  truncated: boolean;
}

type Row = ResourceRow & { extra?: unknown };

const key = (type: string, id: string) => `${type}/${id}`;

function groupByType(resources: readonly StoredResource[], only?: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of resources) {
    if (only !== undefined && r.resourceType !== only) continue;
    let ids = groups.get(r.resourceType);
    if (!ids) groups.set(r.resourceType, (ids = []));
    ids.push(r.id);
  }
  return groups;
}

class Collector {
  readonly resources: StoredResource[] = [];
  readonly extras: unknown[] = [];
  truncated = false;
  private readonly seen = new Set<string>();

  constructor(
    private readonly db: Queryable,
    private readonly access: IncludeAccess,
    matches: readonly StoredResource[],
  ) {
    for (const m of matches) this.seen.add(key(m.resourceType, m.id));
  }

  get full(): boolean {
    return this.resources.length >= MAX_INCLUDED;
  }

  /** Rows of `type` chosen by `which` (SQL over `r`), inside the type's scope; new ones are kept. Returns those added. */
  private async fetch(type: string, which: (p: SqlParams) => string): Promise<StoredResource[]> {
    const scope = this.access.scopeOf(type);
    if (scope === null) return [];
    if (this.full) {
      // There may be more to include than the cap allows: say so rather than count them.
      this.truncated = true;
      return [];
    }
    const p = new SqlParams();
    const typeParam = p.add(type, 'text');
    const conditions = [`r.resource_type = ${typeParam}`, 'NOT r.deleted', which(p)];
    if (scope) conditions.push(scope(p));
    const extra = this.access.extraColumn ? `, ${this.access.extraColumn(type, p)} AS extra` : '';
    const room = MAX_INCLUDED - this.resources.length;
    const sql = `SELECT ${SELECT_COLUMNS}${extra} FROM resource r WHERE ${conditions.join(' AND ')} ORDER BY r.id LIMIT ${p.add(room + 1, 'bigint')}`;
    const rows = (await this.db.query<Row>(sql, p.values)).rows;
    const added: StoredResource[] = [];
    for (const row of rows) {
      if (this.seen.has(key(row.resource_type, row.id))) continue;
      if (this.full) {
        this.truncated = true;
        break;
      }
      this.seen.add(key(row.resource_type, row.id));
      const s = fromRow(row);
      this.resources.push(s);
      this.extras.push(row.extra);
      added.push(s);
    }
    return added;
  }

  /** `_include`: what the sources' reference parameter points at. */
  async include(inc: IncludeParam, from: readonly StoredResource[]): Promise<StoredResource[]> {
    const sourceIds = groupByType(from, inc.sourceType).get(inc.sourceType);
    if (!sourceIds?.length) return [];
    const p = new SqlParams();
    const conditions = [
      `x.resource_type = ${p.add(inc.sourceType, 'text')}`,
      `x.resource_id = ANY(${p.add(sourceIds, 'text[]')})`,
      'x.target_type IS NOT NULL',
      'x.target_id IS NOT NULL',
    ];
    if (inc.param !== '*') conditions.push(`x.param = ${p.add(inc.param, 'text')}`);
    if (inc.targetType) conditions.push(`x.target_type = ${p.add(inc.targetType, 'text')}`);
    const refs = await this.db.query<{ target_type: string; target_id: string }>(
      `SELECT DISTINCT x.target_type, x.target_id FROM sp_reference x WHERE ${conditions.join(' AND ')}`,
      p.values,
    );
    const targets = new Map<string, string[]>();
    for (const r of refs.rows) {
      if (this.seen.has(key(r.target_type, r.target_id))) continue;
      let ids = targets.get(r.target_type);
      if (!ids) targets.set(r.target_type, (ids = []));
      ids.push(r.target_id);
    }
    const added: StoredResource[] = [];
    for (const [type, ids] of [...targets].sort(([a], [b]) => (a < b ? -1 : 1))) {
      added.push(...(await this.fetch(type, (q) => `r.id = ANY(${q.add(ids, 'text[]')})`)));
    }
    return added;
  }

  /** `_revinclude`: resources of the source type whose reference parameter points at the targets. */
  async revinclude(inc: IncludeParam, to: readonly StoredResource[]): Promise<StoredResource[]> {
    const added: StoredResource[] = [];
    for (const [targetType, ids] of groupByType(to, inc.targetType)) {
      added.push(
        ...(await this.fetch(inc.sourceType, (q) => {
          const src = q.add(inc.sourceType, 'text');
          const param = inc.param === '*' ? '' : ` AND x.param = ${q.add(inc.param, 'text')}`;
          return `r.id IN (SELECT x.resource_id FROM sp_reference x WHERE x.resource_type = ${src}${param} AND x.target_type = ${q.add(targetType, 'text')} AND x.target_id = ANY(${q.add(ids, 'text[]')}))`;
        })),
      );
    }
    return added;
  }
}

/** The included resources for a page of matches (empty when the request has no includes). */
export async function collectIncludes(
  db: Queryable,
  request: SearchRequest,
  matches: readonly StoredResource[],
  access: IncludeAccess,
): Promise<IncludeOutcome> {
  const c = new Collector(db, access, matches);
  if (!matches.length || (!request.include.length && !request.revinclude.length)) return { resources: [], extras: [], truncated: false };
  const step = async (from: readonly StoredResource[], iterateOnly: boolean): Promise<StoredResource[]> => {
    const added: StoredResource[] = [];
    for (const inc of request.include) if (!iterateOnly || inc.iterate) added.push(...(await c.include(inc, from)));
    for (const inc of request.revinclude) if (!iterateOnly || inc.iterate) added.push(...(await c.revinclude(inc, from)));
    return added;
  };
  let frontier = await step(matches, false);
  const iterates = [...request.include, ...request.revinclude].some((i) => i.iterate);
  for (let round = 0; iterates && round < MAX_ITERATIONS && frontier.length && !c.full; round++) {
    frontier = await step(frontier, true);
  }
  return { resources: c.resources, extras: c.extras, truncated: c.truncated };
}
