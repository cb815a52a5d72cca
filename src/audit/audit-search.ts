/**
 * Searching the audit trail: by user, patient, action (our names or the FHIR subtype codes
 * the AuditEvent view shows), outcome, resource and date range, newest first by default,
 * paged by offset. Parameterised SQL over the audit table's indexes; LIMIT and OFFSET are
 * validated integers.
 */
import type { Queryable } from '../db/types.ts';
import { badRequest } from '../errors.ts';
import { dateRange } from '../fhir/search/date-range.ts';
import { AUDIT_WITH_CHAIN, CHAIN_COLUMNS, type ChainRow } from './audit-chain.ts';
import { actionsForSubtype } from './audit-event-resource.ts';

export interface AuditQuery {
  where: string;
  params: unknown[];
  count: number;
  offset: number;
  /** recorded_at then seq, both this way. */
  direction: 'ASC' | 'DESC';
}

const DATE_PREFIX = /^(eq|ge|le|gt|lt)?(.+)$/;
const KNOWN = 'user, user:not, agent, patient, action, subtype, outcome, entity, date, _id, _count, _offset, _sort';

function nonNegativeInt(name: string, raw: string | null, fallback: number): number {
  if (raw === null || raw.trim() === '') return fallback;
  if (!/^\d{1,9}$/.test(raw.trim())) throw badRequest(`${name} must be a whole number, got ${raw}`, [{ field: name, message: 'invalid' }]);
  return Number(raw.trim());
}

function dateCondition(value: string, add: (v: unknown) => string): string {
  const m = DATE_PREFIX.exec(value);
  const range = m ? dateRange(m[2]!) : undefined;
  if (!m || !range) {
    throw badRequest(`date must be like ge2026-11-01 or le2026-11-23T12:00:00Z, got ${value}`, [{ field: 'date', message: 'invalid' }]);
  }
  // The value covers a period (a day, a second...), in UTC when it names no zone, as in every other date search.
  switch (m[1] ?? 'eq') {
    case 'ge':
      return `recorded_at >= ${add(range.low)}::timestamptz`;
    case 'gt':
      return `recorded_at > ${add(range.high)}::timestamptz`;
    case 'le':
      return `recorded_at <= ${add(range.high)}::timestamptz`;
    case 'lt':
      return `recorded_at < ${add(range.low)}::timestamptz`;
    default:
      return `recorded_at BETWEEN ${add(range.low)}::timestamptz AND ${add(range.high)}::timestamptz`;
  }
}

export function parseAuditQuery(q: URLSearchParams, maxCount = 1000): AuditQuery {
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const list = (value: string) =>
    value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  for (const [name, raw] of q) {
    const value = raw.trim();
    switch (name) {
      case 'user':
      case 'agent':
        conds.push(`user_id = ANY(${add(list(value))}::text[])`);
        break;
      case 'user:not':
        conds.push(`user_id <> ALL(${add(list(value))}::text[])`);
        break;
      case 'patient':
        conds.push(`patient_ids && ${add(list(value).map((p) => p.replace(/^Patient\//, '')))}::text[]`);
        break;
      case 'action':
        conds.push(`action = ANY(${add(list(value))}::text[])`);
        break;
      case 'subtype':
        conds.push(`action = ANY(${add(list(value).flatMap(actionsForSubtype))}::text[])`);
        break;
      case 'outcome':
        conds.push(`outcome = ANY(${add(list(value).map((v) => ({ '0': 'success', '4': 'denied', '8': 'failure' })[v] ?? v))}::text[])`);
        break;
      case 'entity': {
        const [type, id] = value.split('/');
        conds.push(`resource_type = ${add(type)}`);
        if (id) conds.push(`resource_id = ${add(id)}`);
        break;
      }
      case 'date':
        conds.push(dateCondition(value, add));
        break;
      case '_id':
        if (!list(value).every((v) => /^\d{1,18}$/.test(v))) throw badRequest(`_id must be audit event numbers, got ${value}`);
        conds.push(`seq = ANY(${add(list(value))}::bigint[])`);
        break;
      case '_sort':
        if (value !== 'date' && value !== '-date')
          throw badRequest(`_sort must be date or -date, got ${value}`, [{ field: '_sort', message: 'invalid' }]);
        break;
      case '_count':
      case '_offset':
      case '_format':
        break;
      default:
        throw badRequest(`Unknown audit search parameter '${name}'; use ${KNOWN}`, [{ field: name, message: 'not supported' }]);
    }
  }
  const count = Math.min(nonNegativeInt('_count', q.get('_count'), 50), maxCount);
  const offset = nonNegativeInt('_offset', q.get('_offset'), 0);
  const direction = q.get('_sort')?.trim() === 'date' ? 'ASC' : 'DESC';
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params, count, offset, direction };
}

export async function searchAuditEvents(
  db: Queryable,
  q: URLSearchParams,
  maxCount?: number,
): Promise<{ total: number; rows: ChainRow[]; count: number; offset: number }> {
  const aq = parseAuditQuery(q, maxCount);
  const total = Number(
    (await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_event ${aq.where}`, aq.params)).rows[0]?.n ?? 0,
  );
  const rows = aq.count
    ? (
        await db.query<ChainRow>(
          `SELECT ${CHAIN_COLUMNS} FROM ${AUDIT_WITH_CHAIN} ${aq.where}
           ORDER BY audit_event.recorded_at ${aq.direction}, audit_event.seq ${aq.direction} LIMIT ${aq.count} OFFSET ${aq.offset}`,
          aq.params,
        )
      ).rows
    : [];
  return { total, rows, count: aq.count, offset: aq.offset };
}

/**
 * Every row matching the query, newest first (by seq), page after page by keyset: memory
 * stays at one page however large the result, and rows added meanwhile neither shift the
 * pages (as offsets would, duplicating rows) nor join the result.
 */
export async function* allAuditEvents(db: Queryable, aq: AuditQuery, pageSize = 2000): AsyncGenerator<ChainRow[]> {
  let before: string | undefined;
  for (;;) {
    const params = [...aq.params];
    const keyset = before === undefined ? '' : `${aq.where ? ' AND' : 'WHERE'} seq < $${params.push(before)}::bigint`;
    const page = (
      await db.query<ChainRow>(
        `SELECT ${CHAIN_COLUMNS} FROM ${AUDIT_WITH_CHAIN} ${aq.where}${keyset} ORDER BY audit_event.seq DESC LIMIT ${pageSize}`,
        params,
      )
    ).rows;
    if (page.length) yield page;
    if (page.length < pageSize) return;
    before = page[page.length - 1]!.seq;
  }
}

export async function readAuditEvent(db: Queryable, id: string): Promise<ChainRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return (await db.query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM ${AUDIT_WITH_CHAIN} WHERE seq = $1`, [id])).rows[0];
}
