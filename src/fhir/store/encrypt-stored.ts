/**
 * Values stored before their element was marked sensitive: encrypted in place, in the
 * current row (a deleted resource's too) and in every older version kept in history.
 * Like a key rotation, this edits the stored text without writing a version: the clear
 * content does not change, only how it is kept. Runs inside a reindex batch's transaction,
 * which holds the batch's rows locked (reindex.ts), so no write interleaves.
 */
import type { Queryable } from '../../db/types.ts';
import type { SensitiveFields } from '../../crypto/sensitive-fields.ts';
import type { FhirResource } from './stored-resource.ts';

interface StoredRow {
  resource_type: string;
  id: string;
  version_id?: string | number;
  content: string;
}

/** Counts of rows rewritten: current rows and history versions. */
export interface EncryptedRows {
  current: number;
  history: number;
}

/** The stored text with its clear sensitive values encrypted, or undefined when it has none. */
function encrypted(fields: SensitiveFields, content: string): string | undefined {
  const stored = JSON.parse(content) as FhirResource;
  const out = fields.encryptClearValues(stored);
  return out === stored ? undefined : JSON.stringify(out);
}

export async function encryptStoredClearValues(
  tx: Queryable,
  fields: SensitiveFields,
  batch: readonly { resource_type: string; id: string }[],
): Promise<EncryptedRows> {
  const keys = batch.filter((r) => fields.hasSensitiveElements(r.resource_type));
  if (keys.length === 0) return { current: 0, history: 0 };
  const types = keys.map((k) => k.resource_type);
  const ids = keys.map((k) => k.id);
  const current = await tx.query<StoredRow>(
    `SELECT r.resource_type, r.id, r.content FROM resource AS r, unnest($1::text[], $2::text[]) AS x(t, i)
      WHERE r.resource_type = x.t AND r.id = x.i AND r.content IS NOT NULL`,
    [types, ids],
  );
  const history = await tx.query<StoredRow>(
    `SELECT h.resource_type, h.id, h.version_id, h.content FROM resource_history AS h, unnest($1::text[], $2::text[]) AS x(t, i)
      WHERE h.resource_type = x.t AND h.id = x.i AND h.content IS NOT NULL`,
    [types, ids],
  );
  const rewritten = (rows: StoredRow[]) =>
    rows.flatMap((row) => {
      const text = encrypted(fields, row.content);
      return text === undefined ? [] : [{ ...row, content: text }];
    });
  const currentChanges = rewritten(current.rows);
  const historyChanges = rewritten(history.rows);
  if (currentChanges.length)
    await tx.query(
      `UPDATE resource AS r SET content = x.c FROM unnest($1::text[], $2::text[], $3::text[]) AS x(t, i, c)
        WHERE r.resource_type = x.t AND r.id = x.i`,
      [currentChanges.map((c) => c.resource_type), currentChanges.map((c) => c.id), currentChanges.map((c) => c.content)],
    );
  if (historyChanges.length)
    await tx.query(
      `UPDATE resource_history AS h SET content = x.c FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) AS x(t, i, v, c)
        WHERE h.resource_type = x.t AND h.id = x.i AND h.version_id = x.v`,
      [
        historyChanges.map((c) => c.resource_type),
        historyChanges.map((c) => c.id),
        historyChanges.map((c) => Number(c.version_id)),
        historyChanges.map((c) => c.content),
      ],
    );
  return { current: currentChanges.length, history: historyChanges.length };
}
