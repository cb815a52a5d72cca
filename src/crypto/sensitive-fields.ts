/**
 * Which elements are sensitive (built-in rules plus the admin's field_encryption_rule
 * rows), and the two operations the store performs with them: protect() before a write
 * (encrypt the values, compute their blind indexes) and reveal() after a read.
 */
import type { Queryable } from '../db/types.ts';
import type { SearchIndexRows } from '../fhir/search/index-rows.ts';
import { BUILTIN_RULES, alwaysSensitiveSystem, type FieldRule } from './builtin-rules.ts';
import { blindIndexContext, normalizeForBlindIndex } from './blind-index.ts';
import { redactIndexRows, type BlindIndex } from './blind-index-rows.ts';
import { assertNoCiphertextLookalike, mapCiphertexts, mapCiphertextsInJson } from './ciphertext-walk.ts';
import { RESERVED_PREFIX } from './ciphertext.ts';
import { paramsCovering, type CoveringParam } from './covering-params.ts';
import { fieldRuleOf, listEncryptionRules, type EncryptionRule } from './encryption-rules.ts';
import type { KeyRing } from './key-ring.ts';

export type { BlindIndex } from './blind-index-rows.ts';

type Obj = Record<string, unknown>;

export interface ProtectableResource {
  resourceType: string;
  [key: string]: unknown;
}

export interface ProtectResult<T extends ProtectableResource = ProtectableResource> {
  /** The resource to store: a copy with the sensitive values encrypted (the input itself when it has none). */
  resource: T;
  /** One per (search parameter, value) that the index must keep as `hmac:` + hash instead of the value. */
  blindIndexes: BlindIndex[];
}

/**
 * How a search parameter's values are indexed:
 * - 'none': clear; search as usual.
 * - 'always': every value is a hash; match `hmac:` + hashForSearch() only.
 * - 'some': a value may be clear or hashed (identifiers of any system can be typed as a
 *   national id; admin rules cover part of a parameter, and values written before a rule
 *   existed stay clear): match the clear value OR `hmac:` + hashForSearch().
 */
export type SearchSensitivity = 'none' | 'some' | 'always';

interface CompiledRule extends FieldRule {
  params: CoveringParam[];
}

interface TypeInfo {
  rules: CompiledRule[];
  /** param -> whether a built-in national-id rule covers it (those go 'always' for national-id systems). */
  params: Map<string, { nationalIds: boolean }>;
}

/** Where resources sit inside other resources: contained everywhere, Bundle entries, Parameters values. */
const NESTED_SLOTS: Record<string, string[][]> = {
  Bundle: [['entry', 'resource']],
  Parameters: [1, 2, 3, 4, 5].map((depth) => ['parameter', ...Array<string>(depth - 1).fill('part'), 'resource']),
};
const CONTAINED: string[][] = [['contained']];

export class SensitiveFields {
  private adminRules: FieldRule[] = [];
  private adminRuleRows: EncryptionRule[] = [];
  private types = new Map<string, TypeInfo>();

  constructor(
    readonly keyRing: KeyRing,
    adminRules: readonly EncryptionRule[] = [],
  ) {
    this.setAdminRules(adminRules);
  }

  /** Built-in rules plus the table's rules. */
  static async load(db: Queryable, keyRing: KeyRing): Promise<SensitiveFields> {
    const fields = new SensitiveFields(keyRing);
    await fields.refresh(db);
    return fields;
  }

  /**
   * Re-reads field_encryption_rule (after an admin change here, and every second on a
   * server where other instances may change it: rules-refresh.ts). Unchanged rules keep the
   * compiled per-type rules.
   */
  async refresh(db: Queryable): Promise<void> {
    const rows = await listEncryptionRules(db);
    const same = rows.length === this.adminRuleRows.length && rows.every((r, i) => r.id === this.adminRuleRows[i]!.id);
    if (!same) this.setAdminRules(rows);
  }

  /** The rules in force: built-in ones first, then the admin's. */
  rules(): readonly FieldRule[] {
    return [...BUILTIN_RULES, ...this.adminRules];
  }

  /** Admin rules whose path no longer resolves against the definitions (ignored). */
  invalidAdminRules(): EncryptionRule[] {
    const ok = new Set(this.adminRules.map((r) => r.ruleId));
    return this.adminRuleRows.filter((r) => !ok.has(r.id));
  }

  hasSensitiveElements(resourceType: string): boolean {
    return this.typeInfo(resourceType).rules.length > 0;
  }

  // ---- write side -------------------------------------------------------------------

  /**
   * Encrypts every sensitive value (AAD: the element path), returning a copy (untouched
   * branches shared; the input itself when nothing is sensitive) and the blind indexes for
   * the search index. Call it on the validated resource with its final id and meta. A
   * string starting with `hale-enc:` anywhere is refused (422): only we write those.
   */
  protect<T extends ProtectableResource>(resource: T): ProtectResult<T> {
    assertNoCiphertextLookalike(resource, resource.resourceType);
    const blindIndexes: BlindIndex[] = [];
    const protectedResource = this.protectResource(resource, resource.resourceType, blindIndexes);
    return { resource: protectedResource as T, blindIndexes: dedupe(blindIndexes) };
  }

  /**
   * Stored content brought up to the rules in force: every sensitive value still in clear
   * (stored before its element was marked sensitive) is encrypted; the ciphertexts already
   * there are kept as they are. The same object when nothing was in clear. Only for content
   * read from the store, where a `hale-enc:` string can only be one of ours.
   */
  encryptClearValues<T extends ProtectableResource>(stored: T): T {
    return this.protectResource(stored, stored.resourceType, undefined, true) as T;
  }

  /**
   * The resource's extracted search rows with every sensitive value replaced by its blind
   * index (`hmac:` + hash); `blindIndexes` from protect() of the same resource.
   */
  redactSearchRows(resourceType: string, rows: SearchIndexRows, blindIndexes: readonly BlindIndex[]): SearchIndexRows {
    return redactIndexRows(rows, blindIndexes, (param, value) => this.hashForSearch(resourceType, param, null, value));
  }

  // ---- read side --------------------------------------------------------------------

  /** Decrypts every ciphertext in the resource; the same object when there is none (no copy). */
  reveal<T extends ProtectableResource>(resource: T): T {
    return mapCiphertexts(resource, resource.resourceType, (token, path) => this.keyRing.decrypt(token, path));
  }

  /**
   * The same on stored JSON text: returned as is, after one substring search, when it holds
   * no ciphertext (the usual case); otherwise only the ciphertexts are replaced in the text.
   */
  revealJson(json: string): string {
    return mapCiphertextsInJson(json, (token, path) => this.keyRing.decrypt(token, path));
  }

  // ---- search side ------------------------------------------------------------------

  searchSensitivity(resourceType: string, param: string, system?: string | null): SearchSensitivity {
    const p = this.typeInfo(resourceType).params.get(param);
    if (!p) return 'none';
    return p.nationalIds && alwaysSensitiveSystem(system) ? 'always' : 'some';
  }

  /** True when the search layer must hash the query value (alone for 'always', beside the clear value for 'some'). */
  isSensitiveTokenValue(resourceType: string, param: string, system?: string | null): boolean {
    return this.searchSensitivity(resourceType, param, system) !== 'none';
  }

  /**
   * The blind-index hash of a value, identical on the write and query sides. `system` is
   * accepted for symmetry but not hashed: a query without a system must find the value.
   */
  hashForSearch(resourceType: string, param: string, _system: string | null | undefined, value: string): string {
    return this.keyRing.blindIndex(normalizeForBlindIndex(value), blindIndexContext(resourceType, param));
  }

  // ---- internals --------------------------------------------------------------------

  private setAdminRules(rows: readonly EncryptionRule[]): void {
    this.adminRuleRows = [...rows];
    this.adminRules = rows.map(fieldRuleOf).filter((r): r is FieldRule => r !== undefined);
    this.types.clear();
  }

  private typeInfo(resourceType: string): TypeInfo {
    let info = this.types.get(resourceType);
    if (!info) {
      const rules: CompiledRule[] = [];
      const params = new Map<string, { nationalIds: boolean }>();
      for (const rule of this.rules()) {
        if (rule.resourceType !== resourceType) continue;
        const covering = paramsCovering(resourceType, rule.elementSegments);
        rules.push({ ...rule, params: covering });
        const nationalIds = rule.source === 'built-in' && rule.ownerType === 'Identifier';
        for (const c of covering) {
          const prev = params.get(c.code);
          params.set(c.code, { nationalIds: (prev?.nationalIds ?? false) || nationalIds });
        }
      }
      this.types.set(resourceType, (info = { rules, params }));
    }
    return info;
  }

  /** `keepCiphertexts`: values already encrypted stay (encryptClearValues); otherwise none may be there (protect). */
  private protectResource(resource: Obj, basePath: string, blindIndexes: BlindIndex[] | undefined, keepCiphertexts = false): Obj {
    const type = resource.resourceType as string;
    let out = resource;
    for (const rule of this.typeInfo(type).rules) {
      out = updateAt(out, rule.segments, 0, basePath, rule.where, (value, path, holder) => {
        if (typeof value !== 'string' || value === '') return value;
        if (keepCiphertexts && value.startsWith(RESERVED_PREFIX)) return value;
        if (blindIndexes) {
          const system = rule.ownerType === 'Identifier' && typeof holder.system === 'string' ? holder.system : undefined;
          for (const p of rule.params) {
            const hash = this.hashForSearch(type, p.code, system, value);
            blindIndexes.push(system === undefined ? { param: p.code, hash } : { param: p.code, system, hash });
          }
        }
        return this.keyRing.encrypt(value, path);
      }) as Obj;
    }
    // Resources inside this one follow the rules of their own type; the outer resource's
    // search parameters do not index them, so they have no blind indexes.
    for (const slot of [...CONTAINED, ...(NESTED_SLOTS[type] ?? [])]) {
      out = updateAt(out, slot, 0, basePath, undefined, (value, path) => {
        if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
        const nested = value as Obj;
        if (typeof nested.resourceType !== 'string') return value;
        return this.protectResource(nested, `${path}.${nested.resourceType}`, undefined, keepCiphertexts);
      }) as Obj;
    }
    return out;
  }
}

/**
 * Copy-on-write update of the values at `segments` below `node` (arrays traversed):
 * `leaf(value, elementPath, holder)` gives the new value. Objects at depth `where.depth`
 * that fail `where.test` are skipped.
 */
function updateAt(
  node: unknown,
  segments: readonly string[],
  i: number,
  path: string,
  where: FieldRule['where'],
  leaf: (value: unknown, path: string, holder: Obj) => unknown,
  holder?: Obj,
): unknown {
  if (Array.isArray(node)) {
    let out: unknown[] | undefined;
    for (let k = 0; k < node.length; k++) {
      const next = updateAt(node[k], segments, i, path, where, leaf, holder);
      if (next !== node[k]) (out ??= node.slice())[k] = next;
    }
    return out ?? node;
  }
  if (i === segments.length) return leaf(node, path, holder!);
  if (node === null || typeof node !== 'object') return node;
  const obj = node as Obj;
  if (where && where.depth === i && !where.test(obj)) return node;
  const seg = segments[i]!;
  const child = obj[seg];
  if (child === undefined) return node;
  const next = updateAt(child, segments, i + 1, `${path}.${seg}`, where, leaf, obj);
  return next === child ? node : { ...obj, [seg]: next };
}

function dedupe(list: BlindIndex[]): BlindIndex[] {
  if (list.length < 2) return list;
  const seen = new Set<string>();
  return list.filter((b) => {
    const key = `${b.param}\u0000${b.system ?? ''}\u0000${b.hash}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
