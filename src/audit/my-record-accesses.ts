/**
 * A patient's view of the audit trail: who opened their record, when and how. It answers
 * a patient (or a proxy acting for one), so it speaks of people, not accounts: each access
 * names the account's display name and roles, marks the patient's own, and says when an
 * access was automatic (a job of the server). Record and account ids, addresses and
 * request ids stay out: they mean nothing to the patient and would tell them about the
 * staff's systems. An emergency access carries the reason the clinician gave, as the
 * notification the patient receives does.
 */
import type { Queryable } from '../db/types.ts';
import { badRequest } from '../errors.ts';
import { accountNames } from '../access/accounts.ts';
import type { ChainRow } from './audit-chain.ts';
import { searchAuditEvents } from './audit-search.ts';

export interface RecordAccess {
  when: string;
  who: {
    name: string;
    roles: string[];
    /** The signed-in account itself (the patient, or the proxy asking). */
    you?: true;
    /** A job of the server (reminders, notifications), not a person. */
    automatic?: true;
  };
  action: string;
  outcome: string;
  /** The kind of record touched (Observation, Condition...), when the access named one. */
  resourceType?: string;
  /** Emergency (break-glass) access: the reason given and how long it was granted for. */
  emergency?: { reason?: string; minutes?: number };
}

export interface RecordAccessPage {
  total: number;
  count: number;
  offset: number;
  accesses: RecordAccess[];
}

const PARAMS = new Set(['_count', '_offset', 'date', 'mine']);
export const MAX_ACCESSES_PER_PAGE = 100;

/**
 * Who touched `patientId`'s record, newest first. `query`: _count, _offset, date (ge/le/gt/lt,
 * repeatable) and mine=false to leave out the asking account's own accesses (a patient
 * looking at their own record is most of the list, and not what they are asking about).
 */
export async function recordAccesses(
  db: Queryable,
  patientId: string,
  askingUserId: string,
  query: URLSearchParams,
): Promise<RecordAccessPage> {
  const q = new URLSearchParams({ patient: patientId });
  for (const [name, value] of query) {
    if (!PARAMS.has(name))
      throw badRequest(`Unknown parameter '${name}'; use _count, _offset, date or mine`, [{ field: name, message: 'not supported' }]);
    if (name !== 'mine') q.append(name, value);
    else if (value === 'false') q.append('user:not', askingUserId);
    else if (value !== 'true') throw badRequest(`mine must be true or false, got ${value}`, [{ field: 'mine', message: 'invalid' }]);
  }
  if (!q.has('_count')) q.set('_count', '50');
  const page = await searchAuditEvents(db, q, MAX_ACCESSES_PER_PAGE);
  const names = await accountNames(
    db,
    page.rows.map((r) => r.user_id).filter((id) => !id.startsWith('system:')),
  );
  return {
    total: page.total,
    count: page.count,
    offset: page.offset,
    accesses: page.rows.map((row) => accessOf(row, names, askingUserId)),
  };
}

function accessOf(row: ChainRow, names: ReadonlyMap<string, { displayName: string }>, askingUserId: string): RecordAccess {
  const automatic = row.user_id.startsWith('system:');
  const who: RecordAccess['who'] = {
    // An account removed since keeps its records; its name is gone with it.
    name: automatic ? 'Hale (automatic)' : (names.get(row.user_id)?.displayName ?? 'A former user'),
    roles: automatic ? [] : row.roles,
    ...(row.user_id === askingUserId ? { you: true as const } : {}),
    ...(automatic ? { automatic: true as const } : {}),
  };
  const detail = (row.detail ?? {}) as { reason?: unknown; minutes?: unknown };
  return {
    when: new Date(row.recorded_at).toISOString(),
    who,
    action: row.action,
    outcome: row.outcome,
    ...(row.resource_type ? { resourceType: row.resource_type } : {}),
    ...(row.action === 'break-glass'
      ? {
          emergency: {
            ...(typeof detail.reason === 'string' ? { reason: detail.reason } : {}),
            ...(typeof detail.minutes === 'number' ? { minutes: detail.minutes } : {}),
          },
        }
      : {}),
  };
}
