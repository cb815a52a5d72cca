/**
 * Which search parameters index a sensitive element: those whose R4 expression reaches it
 * (`Patient.telecom` indexes `Patient.telecom.value`; `Patient.name` indexes
 * `Patient.name.family`). Their index rows for sensitive values become blind-index hashes.
 */
import { indexedParamsFor } from '../fhir/search/indexed-params.ts';
import { expressionForType } from '../fhir/search/param-expression.ts';

export interface CoveringParam {
  code: string;
  type: 'token' | 'string';
}

/** The element names a branch expression walks before its first function (`where`, `ofType`...). */
export function leadingElements(expression: string): string[] {
  const m = /^([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)(\()?/.exec(expression.trim());
  if (!m) return [];
  const names = m[1]!.split('.');
  if (m[2]) names.pop(); // the last name was a function call
  return names.slice(1); // drop the type
}

const startsWith = (path: readonly string[], prefix: readonly string[]) =>
  prefix.length > 0 && prefix.length <= path.length && prefix.every((p, i) => path[i] === p);

/** Token and string parameters of `resourceType` whose values include the element at `elementSegments`. */
export function paramsCovering(resourceType: string, elementSegments: readonly string[]): CoveringParam[] {
  const out: CoveringParam[] = [];
  for (const p of indexedParamsFor(resourceType).values()) {
    if (p.type !== 'token' && p.type !== 'string') continue;
    // A parameter searched through another's rows (`phonetic` through `name`, indexed-params.ts
    // storedUnder) has no rows of its own to redact: a blind index under its code would go unused.
    if (p.storedAs !== p.code) continue;
    const expression = p.definition.expression;
    if (!expression) continue;
    const covers = expressionForType(resourceType, expression).some((b) => startsWith(elementSegments, leadingElements(b.expression)));
    if (covers) out.push({ code: p.code, type: p.type });
  }
  return out;
}
