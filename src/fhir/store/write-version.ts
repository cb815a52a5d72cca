/**
 * Writes one new version of a resource: the current row, the history row and the search
 * index rows together in one statement (write-statement.ts), so a resource is never
 * visible without its index or its history.
 */
import type { Queryable } from '../../db/types.ts';
import type { FhirResource, HistoryEntry } from './stored-resource.ts';
import { writeVersions, type VersionWrite } from './write-statement.ts';
import { extractSearchRows } from '../search/extract.ts';
import { emptySearchIndexRows, type SearchIndexRows } from '../search/index-rows.ts';
import { protectExtraRows } from '../search/protected-rows.ts';
import type { SensitiveFields } from '../../crypto/sensitive-fields.ts';
import type { WriteCoalescer } from './write-coalescer.ts';
import { hasAppointments } from './appointment-busy.ts';

export interface NewVersion {
  resource: FhirResource; // with id and meta already set
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  method: HistoryEntry['method'];
  /** True when a row for this id already exists (update, delete, resurrection). */
  exists: boolean;
  /** Field encryption; the returned JSON is the clear one, the stored one has sensitive values encrypted. */
  fields?: SensitiveFields;
  /** Audit records written by the same statement (write-statement.ts). */
  audit?: VersionWrite['audit'];
}

/**
 * `creates`: a plain create (a new id, outside a transaction, on the coalescer's own
 * database) joins the creates of other requests in one statement. Appointments are never
 * coalesced: their double-booking guard needs a transaction of their own.
 */
export async function writeVersion(q: Queryable, v: NewVersion, creates?: WriteCoalescer): Promise<string> {
  const json = JSON.stringify(v.resource);
  const write = protectedWrite(v, json, v.fields);
  if (creates && creates.db === q && !v.exists && v.method === 'POST' && !hasAppointments([write]))
    await creates.write({ ...write, lastUpdated: v.lastUpdated });
  else await writeVersions(q, v.lastUpdated, [write]);
  return json;
}

/** The rows to store for a clear resource: encrypted content, index rows from the clear values with sensitive ones hashed. */
export function protectedWrite(
  v: Omit<NewVersion, 'fields' | 'lastUpdated'>,
  json: string,
  fields: SensitiveFields | undefined,
): VersionWrite {
  if (!fields || !fields.hasSensitiveElements(v.resourceType)) return { ...v, json };
  const { resource: stored, blindIndexes } = fields.protect(v.resource);
  if (stored === v.resource) return { ...v, json };
  const redact = (rows: SearchIndexRows) => fields.redactSearchRows(v.resourceType, rows, blindIndexes);
  // Full text and :of-type rows repeat values outside the token/string rows: protected too.
  const indexRows =
    v.method === 'DELETE'
      ? undefined
      : protectExtraRows(
          v.resourceType,
          redact(extractSearchRows(v.resource)),
          stored,
          (token) => redact({ ...emptySearchIndexRows(), token }).token,
        );
  return { ...v, resource: stored, json: JSON.stringify(stored), ...(indexRows ? { indexRows } : {}) };
}
