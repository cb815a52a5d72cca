/**
 * Makes FHIRPath invariants cheap to evaluate on every element of every imported resource.
 *
 * Most R4 invariants are boolean combinations of presence tests, e.g.
 *   cpt-2  `value.empty() or system.exists()`
 *   per-1  `start.hasValue().not() or end.hasValue().not() or (start <= end)`
 *   rat-1  `(numerator.empty() xor denominator.exists()) and (numerator.exists() or extension.exists())`
 * Evaluating them through a general FHIRPath engine costs microseconds each. This splits
 * an expression at its top-level `implies` / `or` / `xor` / `and` operators (FHIRPath
 * precedence), answers presence tests (`p.exists()`, `p.empty()`, `p.hasValue()`, each
 * optionally `.not()`) directly on the JSON using the type's element rules, and hands
 * only the remaining operands to Medplum's FHIRPath engine, only when the three-valued
 * logic still needs them (`per-1`'s date comparison runs only when both dates are given).
 * The result is the same as evaluating the whole expression; anything the splitter does
 * not understand is evaluated whole.
 */
import { evalFhirPathTyped, parseFhirPath, toTypedValue } from '@medplum/core';
import type { FhirPathAtom, TypedValue } from '@medplum/core';
import { typeRules, type ElementRule } from './type-rules.ts';

/** FHIRPath three-valued boolean: true, false, or empty (undefined). */
export type Tri = boolean | undefined;

/** %resource and %rootResource for the value being checked (FHIRPath environment variables). */
export interface EvalScope {
  readonly resource: TypedValue;
  readonly rootResource: TypedValue;
}

export type CompiledExpression = (context: TypedValue, scope: EvalScope) => Tri;

const UCUM = toTypedValue('http://unitsofmeasure.org');

/** Raised when an operand gives something the three-valued split cannot combine; the caller evaluates whole. */
class NotBoolean extends Error {}

/** Compiles `expression` for values of `contextType`; the result answers true, false or empty. */
export function compileExpression(expression: string, contextType: string): CompiledExpression {
  const whole = engineLeaf(parseFhirPath(expression));
  let split: CompiledExpression;
  try {
    split = compileNode(expression, contextType);
  } catch {
    return whole;
  }
  return (context, scope) => {
    try {
      return split(context, scope);
    } catch (err) {
      if (err instanceof NotBoolean) return whole(context, scope);
      throw err;
    }
  };
}

function compileNode(expression: string, contextType: string): CompiledExpression {
  const expr = stripOuterParens(expression.trim());
  for (const ops of [['implies'], ['or', 'xor'], ['and']]) {
    const split = splitTopLevel(expr, ops);
    if (!split) continue;
    let node = compileNode(split.operands[0], contextType);
    for (let i = 0; i < split.operators.length; i++) {
      node = combine(split.operators[i], node, compileNode(split.operands[i + 1], contextType));
    }
    return node;
  }
  return presenceTest(expr, contextType) ?? equalityTest(expr, contextType) ?? engineLeaf(parseFhirPath(expr));
}

function combine(op: string, left: CompiledExpression, right: CompiledExpression): CompiledExpression {
  switch (op) {
    case 'and':
      return (c, s) => {
        const l = left(c, s);
        if (l === false) return false;
        const r = right(c, s);
        if (r === false) return false;
        return l === true && r === true ? true : undefined;
      };
    case 'or':
      return (c, s) => {
        const l = left(c, s);
        if (l === true) return true;
        const r = right(c, s);
        if (r === true) return true;
        return l === false && r === false ? false : undefined;
      };
    case 'xor':
      return (c, s) => {
        const l = left(c, s);
        if (l === undefined) return undefined;
        const r = right(c, s);
        return r === undefined ? undefined : l !== r;
      };
    case 'implies':
      return (c, s) => {
        const l = left(c, s);
        if (l === false) return true;
        const r = right(c, s);
        if (r === true) return true;
        return l === true ? r : undefined;
      };
    default:
      throw new Error(`unknown operator ${op}`);
  }
}

/** An operand evaluated by Medplum's FHIRPath engine, converted to three-valued boolean. */
function engineLeaf(atom: FhirPathAtom): CompiledExpression {
  return (context, scope) => {
    const result = evalFhirPathTyped(atom, [context], {
      '%context': context,
      '%resource': scope.resource,
      '%rootResource': scope.rootResource,
      '%ucum': UCUM,
    });
    if (result.length === 0) return undefined;
    if (result.length === 1 && typeof result[0].value === 'boolean') return result[0].value;
    throw new NotBoolean();
  };
}

const PRESENCE = /^([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)\.(exists|empty|hasValue)\(\)(\.not\(\))?$/;
const RESERVED = new Set(['and', 'or', 'xor', 'implies', 'as', 'is', 'div', 'mod', 'in', 'contains', 'true', 'false']);

/** `a.b.exists()`, `c.empty()`, `d.hasValue()` (optionally `.not()`) on element paths of the type, natively. */
function presenceTest(expr: string, contextType: string): CompiledExpression | undefined {
  const m = PRESENCE.exec(expr);
  if (!m) return undefined;
  const segments = m[1].split('.');
  if (segments.some((s) => RESERVED.has(s))) return undefined;
  const fn = m[2];
  const negate = m[3] !== undefined;

  // Resolve the path through the element rules: every step but the last must be one
  // non-choice complex element; the last may be a choice (all its JSON keys count).
  const steps: ElementRule[] = [];
  let type = contextType;
  for (let i = 0; i < segments.length - 1; i++) {
    const candidates = typeRules(type)?.byName.get(segments[i]);
    if (!candidates || candidates.length !== 1 || candidates[0].kind !== 'complex') return undefined;
    steps.push(candidates[0]);
    type = candidates[0].type;
  }
  const last = typeRules(type)?.byName.get(segments[segments.length - 1]);
  if (!last) return undefined;

  if (fn === 'hasValue') {
    // Only the simple, common case: one step to a primitive.
    if (steps.length > 0 || last.some((r) => r.kind !== 'primitive')) return undefined;
    return (context) => {
      const obj = context.value as Record<string, unknown>;
      let items = 0;
      let values = 0;
      for (const rule of last) {
        const v = obj[rule.key];
        const e = obj[rule.extKey];
        const n = Math.max(countItems(v), countItems(e));
        items += n;
        if (n === 1 && countItems(v) === 1) values++;
      }
      const has = items === 1 && values === 1;
      return negate ? !has : has;
    };
  }

  const wantExists = fn === 'exists';
  // A choice such as ElementDefinition.fixed[x] has ~50 JSON keys: then scan the object's
  // few keys instead of probing every possible one.
  const manyKeys = last.length > 4;
  const keySet = new Set<string>();
  for (const rule of last) {
    keySet.add(rule.key);
    if (rule.kind === 'primitive') keySet.add(rule.extKey);
  }
  return (context) => {
    let current: unknown[] = [context.value];
    for (const step of steps) {
      const next: unknown[] = [];
      for (const obj of current) collect((obj as Record<string, unknown>)[step.key], next);
      current = next;
      if (current.length === 0) break;
    }
    let exists = false;
    for (const obj of current) {
      if (manyKeys ? hasAnyKey(obj as Record<string, unknown>, keySet) : hasAnyRule(obj as Record<string, unknown>, last)) {
        exists = true;
        break;
      }
    }
    const result = wantExists ? exists : !exists;
    return negate ? !result : result;
  };
}

const EQUALITY = /^([A-Za-z][A-Za-z0-9]*)\s*(=|!=)\s*'([^'\\]*)'$/;

/** `type = 'document'`, `type != 'display'` on a single string-valued primitive of the type, natively. */
function equalityTest(expr: string, contextType: string): CompiledExpression | undefined {
  const m = EQUALITY.exec(expr);
  if (!m) return undefined;
  const rules = typeRules(contextType)?.byName.get(m[1]);
  if (rules?.length !== 1) return undefined;
  const rule = rules[0];
  if (rule.kind !== 'primitive' || rule.isArray || !STRING_TYPES.has(rule.type)) return undefined;
  const literal = m[3];
  const negate = m[2] === '!=';
  return (context) => {
    const v = (context.value as Record<string, unknown>)[rule.key];
    // An absent (or extension-only) value makes the comparison empty.
    if (typeof v !== 'string') return undefined;
    return negate ? v !== literal : v === literal;
  };
}

/** Primitive types compared as plain strings by FHIRPath `=` (not dates, which compare by precision). */
const STRING_TYPES = new Set(['code', 'string', 'id', 'uri', 'url', 'canonical', 'markdown', 'oid', 'uuid']);

function hasAnyRule(obj: Record<string, unknown>, rules: readonly ElementRule[]): boolean {
  for (const rule of rules) {
    if (countItems(obj[rule.key]) > 0 || (rule.kind === 'primitive' && countItems(obj[rule.extKey]) > 0)) return true;
  }
  return false;
}

function hasAnyKey(obj: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key in obj) {
    if (keys.has(key) && countItems(obj[key]) > 0) return true;
  }
  return false;
}

function countItems(v: unknown): number {
  if (!Array.isArray(v)) return isPresent(v) ? 1 : 0;
  let n = 0;
  for (const item of v) if (isPresent(item)) n++;
  return n;
}

/** As the engine sees JSON: null, '' and {} are no value (such input is rejected anyway, by ele-1). */
function isPresent(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (typeof v === 'object') {
    for (const _ in v) return true;
    return false;
  }
  return true;
}

function collect(v: unknown, into: unknown[]): void {
  if (Array.isArray(v)) {
    for (const item of v) if (item && typeof item === 'object') into.push(item);
  } else if (v && typeof v === 'object') {
    into.push(v);
  }
}

/**
 * Splits at top-level (outside strings and brackets) occurrences of the operator keywords.
 * Returns undefined if there is none. Operators of one precedence level associate left.
 */
function splitTopLevel(expr: string, operators: string[]): { operands: string[]; operators: string[] } | undefined {
  const operands: string[] = [];
  const ops: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (ch === "'" || ch === '`') {
      i = skipQuoted(expr, i);
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (depth === 0 && /\s/.test(ch)) {
      for (const op of operators) {
        const end = i + 1 + op.length;
        if (expr.startsWith(op, i + 1) && end < expr.length && /[\s(]/.test(expr[end])) {
          operands.push(expr.slice(start, i).trim());
          ops.push(op);
          start = end;
          i = end - 1;
          break;
        }
      }
    }
  }
  if (ops.length === 0) return undefined;
  operands.push(expr.slice(start).trim());
  if (operands.some((o) => o === '')) throw new Error('cannot split');
  return { operands, operators: ops };
}

function skipQuoted(expr: string, i: number): number {
  const quote = expr[i];
  for (let j = i + 1; j < expr.length; j++) {
    if (expr[j] === '\\') j++;
    else if (expr[j] === quote) return j;
  }
  throw new Error('unterminated string');
}

/** `(a or b)` -> `a or b`, only when the parentheses enclose the whole expression. */
function stripOuterParens(expr: string): string {
  while (expr.startsWith('(') && expr.endsWith(')')) {
    let depth = 0;
    let enclosesAll = true;
    for (let i = 0; i < expr.length; i++) {
      const ch = expr[i];
      if (ch === "'" || ch === '`') {
        i = skipQuoted(expr, i);
        continue;
      }
      if (ch === '(') depth++;
      else if (ch === ')') {
        depth--;
        if (depth === 0 && i < expr.length - 1) {
          enclosesAll = false;
          break;
        }
      }
    }
    if (!enclosesAll) break;
    expr = expr.slice(1, -1).trim();
  }
  return expr;
}
