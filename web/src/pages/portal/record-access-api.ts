/**
 * Who opened the patient's record: GET /api/v1/audit/my-record (docs/audit-and-encryption.md),
 * newest first, a page at a time. The patient is the signed-in account's.
 */
import { api } from '../../api/http.ts';
import type { RecordAccessPage } from '../../../../src/audit/my-record-accesses.ts';

// The server's types: one definition of the answer's shape.
export type { RecordAccess, RecordAccessPage } from '../../../../src/audit/my-record-accesses.ts';

export const RECORD_ACCESS_PAGE_SIZE = 50;

/** `includeMine`: the signed-in account's own accesses too (the patient's own visits to the portal). */
export function fetchRecordAccesses(offset: number, includeMine: boolean, signal?: AbortSignal): Promise<RecordAccessPage> {
  const q = new URLSearchParams({ _count: String(RECORD_ACCESS_PAGE_SIZE), _offset: String(offset), mine: String(includeMine) });
  return api<RecordAccessPage>(`/api/v1/audit/my-record?${q.toString()}`, { signal });
}
