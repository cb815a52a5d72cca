/**
 * Turns an R4 SearchParameter expression into the FHIRPath we evaluate for one resource
 * type. The shared R4 parameters union many types (`AllergyIntolerance.patient |
 * CarePlan.subject.where(resolve() is Patient) | ...`): only this type's branches are
 * kept. Two rewrites make them evaluable without a server:
 * - `(X as T)` and `X.as(T)` become `X.ofType(T)`: fhirpath.js requires a single item on
 *   the left of `as`, which a repeating path (`Observation.component.value`) breaks.
 * - `X.where(resolve() is T)` becomes `X` plus a target type filter applied to the
 *   extracted references: resolve() would need the database.
 */

export interface ExpressionBranch {
  /** The FHIRPath to evaluate (one branch of the original union, rewritten). */
  expression: string;
  /** When set, keep only references whose target type is this (from `resolve() is T`). */
  targetType?: string;
}

/** Splits on `|` at the top level: not inside parentheses, brackets or quotes. */
export function splitUnion(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === "'") quote = false;
    } else if (c === "'") quote = true;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts.filter((p) => p.length > 0);
}

/** Strips parentheses that wrap the whole branch: `(A as B)` -> `A as B`. */
function unwrap(branch: string): string {
  let b = branch.trim();
  while (b.startsWith('(') && closingParen(b, 0) === b.length - 1) b = b.slice(1, -1).trim();
  return b;
}

function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function rootName(branch: string): string {
  return /^\(*\s*([A-Za-z][A-Za-z0-9]*)/.exec(branch)?.[1] ?? '';
}

const PAREN_AS = /\(([A-Za-z][\w.[\]]*) as ([A-Za-z]\w*)\)/g;
const WHOLE_AS = /^([A-Za-z][\w.[\]()']*) as ([A-Za-z]\w*)$/;
const DOT_AS = /\.as\(([A-Za-z]\w*)\)/g;
const RESOLVE_IS = /^(.*)\.where\(resolve\(\) is ([A-Z][A-Za-z]+)\)$/;

/** Rewrites one branch, or returns undefined when it cannot be evaluated here. */
function rewriteBranch(resourceType: string, branch: string): ExpressionBranch | undefined {
  let b = unwrap(branch);
  let targetType: string | undefined;
  const resolveIs = RESOLVE_IS.exec(b);
  if (resolveIs) {
    b = resolveIs[1]!;
    targetType = resolveIs[2];
  }
  b = b.replace(PAREN_AS, '$1.ofType($2)').replace(DOT_AS, '.ofType($1)');
  const wholeAs = WHOLE_AS.exec(b);
  if (wholeAs) b = `${wholeAs[1]}.ofType(${wholeAs[2]})`;
  if (/\bresolve\(|\sas\s/.test(b)) return undefined;
  // The Resource-level parameters are written on Resource / DomainResource.
  b = b.replace(/^(Resource|DomainResource)\./, `${resourceType}.`);
  return targetType ? { expression: b, targetType } : { expression: b };
}

/**
 * The branches to evaluate for `resourceType`, each on its own: a FHIRPath union (`|`)
 * de-duplicates by value equality, which costs time and throws on a Quantity with a
 * comparator; the extracted rows are de-duplicated anyway. Empty when the expression has
 * no branch this type can use.
 */
export function expressionForType(resourceType: string, expression: string): ExpressionBranch[] {
  const branches: ExpressionBranch[] = [];
  for (const branch of splitUnion(expression)) {
    const root = rootName(branch);
    if (root !== resourceType && root !== 'Resource' && root !== 'DomainResource') continue;
    const rewritten = rewriteBranch(resourceType, branch);
    if (rewritten) branches.push(rewritten);
  }
  return branches;
}

/**
 * The branches of an expression evaluated on an element rather than a resource (the
 * components of a composite parameter: `code`, `value.as(Quantity) | value.as(Range)`),
 * with the same `as` rewrites. Branches that would need resolve() are dropped.
 */
export function relativeBranches(expression: string): string[] {
  const out: string[] = [];
  for (const branch of splitUnion(expression)) {
    let b = unwrap(branch).replace(PAREN_AS, '$1.ofType($2)').replace(DOT_AS, '.ofType($1)');
    const wholeAs = WHOLE_AS.exec(b);
    if (wholeAs) b = `${wholeAs[1]}.ofType(${wholeAs[2]})`;
    if (!/\bresolve\(|\sas\s/.test(b)) out.push(b);
  }
  return out;
}
