/**
 * Admin rules: elements marked sensitive on top of the built-in ones, kept in
 * field_encryption_rule. A rule covers values written after it exists; values written
 * before stay as they were until rewritten.
 */
import type { Queryable } from '../db/types.ts';
import { conflict } from '../errors.ts';
import type { FieldRule } from './builtin-rules.ts';
import { resolveElementPath } from './element-path.ts';

export interface EncryptionRule {
  id: number;
  resourceType: string;
  path: string;
  createdBy: string;
  createdAt: string;
}

interface RuleRow {
  id: string | number;
  resource_type: string;
  path: string;
  created_by: string;
  created_at: Date | string;
}

const fromRow = (r: RuleRow): EncryptionRule => ({
  id: Number(r.id),
  resourceType: r.resource_type,
  path: r.path,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function listEncryptionRules(db: Queryable): Promise<EncryptionRule[]> {
  const r = await db.query<RuleRow>('SELECT id, resource_type, path, created_by, created_at FROM field_encryption_rule ORDER BY id');
  return r.rows.map(fromRow);
}

/** Validates the path against the R4 definitions (422 naming the problem) and stores the rule (409 if it exists). */
export async function addEncryptionRule(db: Queryable, path: string, createdBy: string): Promise<EncryptionRule> {
  const resolved = resolveElementPath(path);
  const r = await db.query<RuleRow>(
    `INSERT INTO field_encryption_rule (resource_type, path, created_by) VALUES ($1, $2, $3)
     ON CONFLICT (path) DO NOTHING
     RETURNING id, resource_type, path, created_by, created_at`,
    [resolved.resourceType, resolved.path, createdBy],
  );
  if (!r.rows[0]) throw conflict(`${resolved.path} is already marked sensitive`, [{ field: 'path', message: 'already marked sensitive' }]);
  return fromRow(r.rows[0]);
}

/** Removes a rule by id or by path; the rule removed, or undefined when there was none. Values already encrypted stay encrypted (and readable). */
export async function removeEncryptionRule(db: Queryable, idOrPath: number | string): Promise<EncryptionRule | undefined> {
  const byId = typeof idOrPath === 'number' || /^\d+$/.test(idOrPath);
  const r = await db.query<RuleRow>(
    `DELETE FROM field_encryption_rule WHERE ${byId ? 'id' : 'path'} = $1 RETURNING id, resource_type, path, created_by, created_at`,
    [byId ? Number(idOrPath) : String(idOrPath).trim()],
  );
  return r.rows[0] ? fromRow(r.rows[0]) : undefined;
}

/** An admin rule as the field layer applies it; undefined when its path no longer resolves (logged by the caller). */
export function fieldRuleOf(rule: EncryptionRule): FieldRule | undefined {
  try {
    const p = resolveElementPath(rule.path);
    return {
      resourceType: p.resourceType,
      segments: p.segments,
      elementSegments: p.elementSegments,
      ownerType: p.ownerType,
      source: 'admin',
      description: p.path,
      ruleId: rule.id,
    };
  } catch {
    return undefined;
  }
}
