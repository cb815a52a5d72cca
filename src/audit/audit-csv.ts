/**
 * CSV (RFC 4180) of audit rows: one header row, CRLF line ends, a field quoted when it holds
 * a comma, a quote or a line break (quotes doubled). Free text a client controls (user agent,
 * query, detail) is also neutralised for spreadsheets: a value starting with = + - @ or a
 * tab/CR would run as a formula in the auditor's spreadsheet, so it gets a leading
 * apostrophe, the usual guard, which spreadsheets hide.
 */
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
  'result_ids',
  'hash',
];

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join(' ') : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A field of free text from a client: never a formula when opened in a spreadsheet. */
export function csvText(v: string | null | undefined | Record<string, unknown>): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : v;
  return csvField(FORMULA_START.test(s) ? `'${s}` : s);
}

export function csvRow(r: ChainRow): string {
  return [
    csvField(r.seq),
    csvField(new Date(r.recorded_at).toISOString()),
    csvField(r.user_id),
    csvField(r.roles),
    csvField(r.action),
    csvField(r.outcome),
    csvField(r.resource_type),
    csvField(r.resource_id),
    csvField(r.patient_ids),
    csvText(r.query),
    csvField(r.ip),
    csvText(r.user_agent),
    csvField(r.request_id),
    csvText(r.detail as Record<string, unknown> | null),
    csvField(r.chain_pos),
    csvField(r.result_ids),
    csvField(r.hash),
  ].join(',');
}

/** The whole export as chunks of lines, one page of rows per chunk: never more than a page in memory. */
export async function* csvChunks(pages: AsyncIterable<ChainRow[]>): AsyncGenerator<string> {
  yield CSV_HEADER.join(',') + '\r\n';
  for await (const rows of pages) yield rows.map((r) => csvRow(r) + '\r\n').join('');
}
