/**
 * Searching the audit trail: by user, patient, action, outcome, resource and date range,
 * newest first, paged. Parameterised SQL over the audit table's indexes.
 */
import type { Queryable } from '../db/types.ts';
import { badRequest } from '../errors.ts';
import { CHAIN_COLUMNS, type ChainRow } from './audit-chain.ts';

export interface AuditQuery {
  where: string;
  params: unknown[];
  count: number;
  offset: number;
}

const PREFIX = /^(eq|ge|le|gt|lt)?(\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)$/;

export function parseAuditQuery(q: URLSearchParams, maxCount = 1000): AuditQuery {
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  for (const [name, raw] of q) {
    const value = raw.trim();
    switch (name) {
      case 'user':
      case 'agent':
        conds.push(`user_id = ${add(value)}`);
        break;
      case 'patient':
        conds.push(`patient_ids @> ARRAY[${add(value.replace(/^Patient\//, ''))}::text]`);
        break;
      case 'action':
      case 'subtype':
        conds.push(`action = ANY(${add(value.split(','))}::text[])`);
        break;
      case 'outcome':
        conds.push(`outcome = ${add({ '0': 'success', '4': 'denied', '8': 'failure' }[value] ?? value)}`);
        break;
      case 'entity': {
        const [type, id] = value.split('/');
        conds.push(`resource_type = ${add(type)}`);
        if (id) conds.push(`resource_id = ${add(id)}`);
        break;
      }
      case 'date': {
        const m = PREFIX.exec(value);
        if (!m)
          throw badRequest(`date must be like ge2026-11-01 or le2026-11-23T12:00:00Z, got ${value}`, [
            { field: 'date', message: 'invalid' },
          ]);
        const op = { eq: '=', ge: '>=', le: '<=', gt: '>', lt: '<' }[m[1] ?? 'eq']!;
        if (!m[3] && (op === '=' || op === '<=' || op === '>')) {
          // A whole day: eq means within it, le/gt compare with its end.
          const start = add(m[2]);
          if (op === '=') conds.push(`recorded_at >= ${start}::date AND recorded_at < ${start}::date + 1`);
          else conds.push(`recorded_at ${op === '<=' ? '<' : '>='} ${start}::date + 1`);
        } else conds.push(`recorded_at ${op} ${add(m[2])}::timestamptz`);
        break;
      }
      case '_count':
      case '_offset':
      case '_sort':
      case '_format':
        break;
      default:
        throw badRequest(`Unknown audit search parameter '${name}'; use user, patient, action, outcome, entity, date, _count, _offset`, [
          { field: name, message: 'not supported' },
        ]);
    }
  }
  const count = Math.min(Math.max(Number(q.get('_count') ?? 50) || 50, 0), maxCount);
  const offset = Math.max(Number(q.get('_offset') ?? 0) || 0, 0);
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params, count, offset };
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
  const rows = (
    await db.query<ChainRow>(
      `SELECT ${CHAIN_COLUMNS} FROM audit_event ${aq.where} ORDER BY audit_event.recorded_at DESC, audit_event.seq DESC LIMIT ${aq.count} OFFSET ${aq.offset}`,
      aq.params,
    )
  ).rows;
  return { total, rows, count: aq.count, offset: aq.offset };
}

export async function readAuditEvent(db: Queryable, id: string): Promise<ChainRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return (await db.query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM audit_event WHERE seq = $1`, [id])).rows[0];
}
