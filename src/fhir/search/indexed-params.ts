/**
 * The search parameters this module indexes for a resource type, each with its FHIRPath
 * compiled once (per type and parameter) and cached for the life of the process.
 * Parameters left out: composite ones (composite-params.ts), special ones (`_text`,
 * `_content`: text-rows.ts), those without an expression for the type, and `_id` /
 * `_lastUpdated`, which are columns of `resource`.
 */
import fhirpath from 'fhirpath';
import r4model from 'fhirpath/fhir-context/r4';
import type { SearchParameter } from '@medplum/fhirtypes';
import { searchParametersFor } from '../definitions.ts';
import type { IndexTable } from './index-rows.ts';
import { expressionForType } from './param-expression.ts';
import { compileMemberPath } from './member-path.ts';

export type IndexedParamType = IndexTable;

/** One compiled branch of a parameter's expression. */
export interface CompiledBranch {
  /** Returns fhirpath ResourceNodes (resolveInternalTypes: false) or plain computed values. */
  evaluate: (resource: unknown) => unknown[];
  /** Keep only references to this resource type (from `where(resolve() is T)`). */
  targetType?: string;
}

export interface IndexedParam {
  code: string;
  /**
   * The code its index rows are stored and searched under: its own, or, for a string
   * parameter with the same expression as another of the type, that one's (see storedUnder).
   */
  storedAs: string;
  type: IndexedParamType;
  definition: SearchParameter;
  branches: CompiledBranch[];
}

const INDEXED_TYPES = new Set<string>(['token', 'string', 'date', 'reference', 'number', 'quantity', 'uri']);
/** Resource columns, searched on `resource` itself. */
export const COLUMN_PARAMS = new Set(['_id', '_lastUpdated']);
/**
 * Expressions that point at a whole resource rather than a Reference (`Bundle.entry[0].resource`):
 * there is nothing to index without resolving it.
 */
const NOT_INDEXABLE = new Set(['Bundle.composition', 'Bundle.message']);

const cache = new Map<string, ReadonlyMap<string, IndexedParam>>();

/**
 * Every R4 expression compiles today (examples.test.ts); one that stops compiling after a
 * definitions upgrade drops that parameter rather than every search of the type.
 */
function compile(expression: string): CompiledBranch['evaluate'] | undefined {
  // Plain member paths (most parameters) are walked directly, with the same results.
  const memberPath = compileMemberPath(expression);
  if (memberPath) return memberPath;
  return compileWithFhirpath(expression);
}

/** The expression compiled by fhirpath.js (the reference the member paths are checked against). */
export function compileWithFhirpath(expression: string): CompiledBranch['evaluate'] | undefined {
  try {
    const fn = fhirpath.compile(expression, r4model, { resolveInternalTypes: false });
    return (resource) => fn(resource) as unknown[];
  } catch {
    return undefined;
  }
}

function compileParams(resourceType: string): ReadonlyMap<string, IndexedParam> {
  const params = new Map<string, IndexedParam>();
  for (const sp of searchParametersFor(resourceType)) {
    const code = sp.code;
    if (!code || !sp.type || !sp.expression || !INDEXED_TYPES.has(sp.type)) continue;
    if (COLUMN_PARAMS.has(code) || params.has(code) || NOT_INDEXABLE.has(`${resourceType}.${code}`)) continue;
    const branches: CompiledBranch[] = [];
    for (const b of expressionForType(resourceType, sp.expression)) {
      const fn = compile(b.expression);
      if (fn) branches.push({ evaluate: fn, ...(b.targetType ? { targetType: b.targetType } : {}) });
    }
    // Nothing evaluable for this type: not indexed, so not offered for search either.
    if (branches.length === 0) continue;
    params.set(code, { code, storedAs: code, type: sp.type as IndexedParamType, definition: sp, branches });
  }
  storedUnder(resourceType, params);
  return params;
}

/**
 * String parameters of one type with the same expression give the same rows: R4's `phonetic`
 * is `Patient.name` like `name` (also on Practitioner, RelatedPerson and Person), and this
 * server matches both alike. Their rows are stored once, under the shortest code (then the
 * first in alphabetical order), and the others search those: a Patient wrote its five name
 * parts twice, an eighth of its index rows. Only string parameters: token and reference rows
 * also feed access rules and operations by parameter name (a Coverage's `patient` and
 * `beneficiary`), so those keep rows of their own.
 */
function storedUnder(resourceType: string, params: Map<string, IndexedParam>): void {
  const groups = new Map<string, IndexedParam[]>();
  for (const p of params.values()) {
    if (p.type !== 'string') continue;
    const key = expressionForType(resourceType, p.definition.expression!)
      .map((b) => `${b.expression}|${b.targetType ?? ''}`)
      .join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const first = group.map((p) => p.code).sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0]!;
    for (const p of group) p.storedAs = first;
  }
}

/** The indexed parameters of a type by code (empty for an unknown type). */
export function indexedParamsFor(resourceType: string): ReadonlyMap<string, IndexedParam> {
  let params = cache.get(resourceType);
  if (!params) cache.set(resourceType, (params = compileParams(resourceType)));
  return params;
}
