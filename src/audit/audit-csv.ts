/** CSV (RFC 4180) of audit rows: one header row, every field quoted when it needs to be. */
import type { ChainRow } from './audit-chain.ts';

export const CSV_HEADER = [
  'seq',
  'recorded_at',
  'user_id',
  'roles',
  'action',
  'outcome',
  'resource_type',
  'resource_id',
  'patient_ids',
  'query',
  'ip',
  'user_agent',
  'request_id',
  'detail',
  'chain_pos',
];

export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join(' ') : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(r: ChainRow): string {
  return [
    r.seq,
    new Date(r.recorded_at).toISOString(),
    r.user_id,
    r.roles,
    r.action,
    r.outcome,
    r.resource_type,
    r.resource_id,
    r.patient_ids,
    r.query,
    r.ip,
    r.user_agent,
    r.request_id,
    r.detail,
    r.chain_pos,
  ]
    .map(csvField)
    .join(',');
}
