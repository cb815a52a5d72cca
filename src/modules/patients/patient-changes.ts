/**
 * GET /api/v1/patients/:id/changes: who changed what, when, from the Patient's versions.
 * The versions come from the store's history (access checked and audited like a FHIR
 * history read); each is compared with the one before it (json-diff.ts), and its author
 * is the account on the write's audit record (write-authors.ts), shown by display name
 * and the roles it held then. Sensitive values come back decrypted by the store.
 */
import { getUser } from '../../access/accounts.ts';
import type { Queryable } from '../../db/types.ts';
import { badRequest, notFound } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { HistoryEntry } from '../../fhir/store/stored-resource.ts';
import { diffJson, type FieldChange } from './json-diff.ts';
import { patientWriteAuthors } from './write-authors.ts';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export interface PatientVersionChange {
  versionId: number;
  when: string;
  /** create, update, delete: what the write was. */
  action: 'create' | 'update' | 'delete';
  /** Null when no audit record names this version (written by the system, e.g. an import, or before versions were audited). */
  who: { userId: string; display: string; username?: string; roles: string[] } | null;
  changes: FieldChange[];
}

function count(raw: unknown, name: string, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw))
    throw badRequest(`${name} must be a whole number`, [{ field: name, message: 'must be a whole number' }]);
  return Math.min(Number(raw), max);
}

async function displayOf(db: Queryable, userId: string): Promise<{ display: string; username?: string }> {
  if (userId.startsWith('system:')) return { display: `System (${userId.slice('system:'.length)})` };
  try {
    const u = await getUser(db, userId);
    return { display: u.displayName, username: u.username };
  } catch {
    return { display: userId }; // an account removed since
  }
}

export async function patientChanges(
  repo: FhirRepository,
  accounts: Queryable,
  id: string,
  query: Record<string, unknown>,
): Promise<{ patientId: string; total: number; versions: PatientVersionChange[] }> {
  repo.assertId(id);
  const limit = Math.max(1, count(query.limit, 'limit', DEFAULT_LIMIT, MAX_LIMIT));
  const offset = count(query.offset, 'offset', 0, 1_000_000);
  // One version more than the page: the last one shown needs the one before it to be compared with.
  const { entries, total } = await repo.history({ resourceType: 'Patient', id, count: limit + 1, offset });
  if (total === 0) throw notFound(`Patient/${id} is not known`);
  const authors = await patientWriteAuthors(repo.db, id);
  const people = new Map<string, { display: string; username?: string }>();
  const versions: PatientVersionChange[] = [];
  for (const [i, entry] of entries.slice(0, limit).entries()) {
    const older: HistoryEntry | undefined = entries[i + 1];
    const author = authors.get(entry.versionId);
    if (author && !people.has(author.userId)) people.set(author.userId, await displayOf(accounts, author.userId));
    const action = entry.deleted ? 'delete' : entry.versionId === 1 || !older || older.deleted ? 'create' : 'update';
    versions.push({
      versionId: entry.versionId,
      when: entry.lastUpdated,
      action,
      who: author ? { userId: author.userId, ...people.get(author.userId)!, roles: author.roles } : null,
      changes: entry.deleted ? [] : diffJson(older && !older.deleted ? JSON.parse(older.json) : {}, JSON.parse(entry.json)),
    });
  }
  return { patientId: id, total, versions };
}
