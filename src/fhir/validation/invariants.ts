/**
 * FHIRPath invariants (ElementDefinition.constraint with severity `error`) from the R4
 * StructureDefinitions: obs-6, per-1, qty-3, bdl-7 and the other ~200 rules that are
 * not expressible as cardinality or types.
 *
 * Expressions are compiled once per (invariant, context type) by invariant-compiler.ts,
 * which answers presence tests natively and uses Medplum's FHIRPath engine for the rest,
 * on typed values whose type names match Medplum's schema. A few invariants are not
 * evaluated as FHIRPath:
 *  - checked natively elsewhere, with better locations and messages:
 *    ele-1 (no empty elements; resource-walker), ref-1 (local references resolve;
 *    resource-walker + references.ts), dom-3 (contained resources are referenced;
 *    resource-walker);
 *  - `htmlChecks()` (txt-1, txt-2): the engine has no XHTML checker and answers true,
 *    so evaluating it would only cost time;
 *  - hot rules with a trivially equivalent native function (ext-1 on every extension,
 *    dom-2/4/5 on every resource, bdl-3/4/7 on every bundle), used only while the
 *    definition's expression is exactly the one the function implements.
 *
 * An invariant holds only if its expression yields exactly `true`; false and empty both
 * fail, as in the HL7 reference validator.
 */
import type { Constraint, TypedValue } from '@medplum/core';
import { compileExpression, type CompiledExpression, type EvalScope } from './invariant-compiler.ts';

export type InvariantScope = EvalScope;

export interface Invariant {
  readonly key: string;
  readonly human: string;
  readonly expression: string;
  /** True if the invariant holds for `context` (a value of the type it was compiled for). */
  holds(context: TypedValue, scope: InvariantScope): boolean;
}

const CHECKED_NATIVELY = new Set(['ele-1', 'ref-1', 'dom-3']);

type NativeCheck = { expression: string; holds: (value: any) => boolean };

const hasContainedWhere = (resource: any, test: (contained: any) => boolean): boolean =>
  Array.isArray(resource?.contained) && resource.contained.some((c: any) => c && typeof c === 'object' && test(c));

const NATIVE: Record<string, NativeCheck> = {
  'ext-1': {
    expression: 'extension.exists() != value.exists()',
    holds: (ext) => {
      let hasValue = false;
      for (const key in ext) {
        if (key.startsWith('value') || key.startsWith('_value')) hasValue = true;
      }
      const hasExtensions = Array.isArray(ext.extension) ? ext.extension.length > 0 : ext.extension !== undefined;
      return hasExtensions !== hasValue;
    },
  },
  'dom-2': {
    expression: 'contained.contained.empty()',
    holds: (r) => !hasContainedWhere(r, (c) => c.contained !== undefined),
  },
  'dom-4': {
    expression: 'contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()',
    holds: (r) =>
      !hasContainedWhere(
        r,
        (c) =>
          c.meta?.versionId !== undefined ||
          c.meta?._versionId !== undefined ||
          c.meta?.lastUpdated !== undefined ||
          c.meta?._lastUpdated !== undefined,
      ),
  },
  'dom-5': {
    expression: 'contained.meta.security.empty()',
    holds: (r) => !hasContainedWhere(r, (c) => c.meta?.security !== undefined),
  },
  // The Bundle rules walk every entry; through the engine they cost ~3 us per entry each.
  'bdl-3': {
    expression: "entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or %resource.type = 'history'))",
    holds: (b) => entriesAgree(b, 'request', ['batch', 'transaction', 'history']),
  },
  'bdl-4': {
    expression:
      "entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' or %resource.type = 'history'))",
    holds: (b) => entriesAgree(b, 'response', ['batch-response', 'transaction-response', 'history']),
  },
  'bdl-7': {
    expression: "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()",
    holds: (b) => {
      if (b.type === 'history' || !Array.isArray(b.entry)) return true;
      const seen = new Set<string>();
      for (const e of b.entry) {
        if (!e || (e.fullUrl === undefined && e._fullUrl === undefined)) continue;
        const versionId = e.resource?.meta?.versionId;
        const key = `${typeof e.fullUrl === 'string' ? e.fullUrl : ''}\u0000${typeof versionId === 'string' ? versionId : ''}`;
        if (seen.has(key)) return false;
        seen.add(key);
      }
      return true;
    },
  },
};

/** bdl-3/bdl-4: every entry has `part` exactly when the bundle type is one of `types`. */
function entriesAgree(bundle: any, part: 'request' | 'response', types: string[]): boolean {
  if (!Array.isArray(bundle.entry)) return true;
  // With no type the engine's comparison is empty and all() is false for any entry.
  if (typeof bundle.type !== 'string') return bundle.entry.length === 0;
  const wanted = types.includes(bundle.type);
  return bundle.entry.every((e: any) => (e?.[part] !== undefined) === wanted);
}

/**
 * Invariants whose published R4 expression contradicts its own human text, replaced by an
 * expression that says what the text says. Each applies only while the definition still
 * carries exactly the faulty expression.
 */
const CORRECTED: Record<string, { faulty: string; corrected: string }> = {
  // "Must be <= 100" for a decimal probability. With no probability, `probability is
  // decimal` is empty (FHIRPath: `is` on an empty collection is empty), so the whole
  // implication is empty and the rule would reject every prediction without a probability
  // (e.g. the official RiskAssessment-prognosis example, which only has qualitativeRisk).
  'ras-2': {
    faulty: 'probability is decimal implies (probability as decimal) <= 100',
    corrected: 'probability.empty() or (probability is decimal implies (probability as decimal) <= 100)',
  },
};

const compiled = new Map<string, Invariant | null>();

/**
 * The error-severity invariants of a definition that need evaluating, for values of
 * `contextType`, minus the keys in `exclude`.
 */
export function compileInvariants(
  constraints: readonly Constraint[] | undefined,
  contextType: string,
  exclude?: ReadonlySet<string>,
): Invariant[] {
  const result: Invariant[] = [];
  for (const c of constraints ?? []) {
    if (c.severity !== 'error' || CHECKED_NATIVELY.has(c.key) || exclude?.has(c.key)) continue;
    const cacheKey = `${contextType}\u0000${c.key}\u0000${c.expression}`;
    let invariant = compiled.get(cacheKey);
    if (invariant === undefined) {
      invariant = compile(c, contextType);
      compiled.set(cacheKey, invariant);
    }
    if (invariant) result.push(invariant);
  }
  return result;
}

function compile(c: Constraint, contextType: string): Invariant | null {
  let expression = c.expression.trim();
  const correction = CORRECTED[c.key];
  if (correction && correction.faulty === expression) expression = correction.corrected;
  if (!expression || expression === 'htmlChecks()') return null;
  const base = { key: c.key, human: c.description, expression };
  const native = NATIVE[c.key];
  if (native && native.expression === expression) {
    return { ...base, holds: (context) => native.holds(context.value) };
  }
  // Compiled on first use: compiling consults the type's element rules, which may
  // still be under construction when this invariant is attached to them.
  let evaluate: CompiledExpression | undefined;
  return {
    ...base,
    holds(context, scope) {
      try {
        evaluate ??= compileExpression(expression, contextType);
        return evaluate(context, scope) === true;
      } catch {
        // An engine gap (an expression it cannot parse or evaluate) must not reject a resource.
        return true;
      }
    },
  };
}
