/**
 * Whether a date search parameter has at most one index row per resource: each branch of
 * its R4 expression is a plain path (at most narrowed to one type of a choice element), all
 * branches name the same element, every step of that path has max cardinality 1 in the R4
 * definitions, and none of the element's types (or of those the expression narrows it to)
 * gives more than one date: a Timing's events repeat, so Observation.effective[x] is out,
 * while Patient.birthDate, Encounter.period and Condition.onset (as dateTime or Period) are in.
 *
 * For such a parameter, two filters (`birthdate=ge1970-03-01&birthdate=le1970-03-31`) may be
 * checked on the same index row: that is one narrow range for the planner instead of two
 * half-open ones, each matching half the table. For a repeating element it would be wrong:
 * each filter may be met by a different value.
 */
import { tryGetDataType, type InternalSchemaElement } from '@medplum/core';
import { definitions } from '../definitions.ts';
import { indexedParamsFor } from './indexed-params.ts';
import { expressionForType } from './param-expression.ts';

/** Types that give at most one date row: a point, a period, or (non-date choices) none at all. */
const AT_MOST_ONE_DATE = new Set(['date', 'dateTime', 'instant', 'Period', 'string', 'boolean', 'Age', 'Range', 'Duration', 'Quantity']);
const PLAIN_PATH = /^[A-Za-z]\w*(?:\.[A-Za-z]\w*)*$/;
const CHOICE_NARROWING = /\.ofType\(([A-Za-z]\w*)\)$/;

const cache = new Map<string, boolean>();

export function hasOneDateRow(resourceType: string, param: string): boolean {
  const key = `${resourceType}.${param}`;
  let single = cache.get(key);
  if (single === undefined) cache.set(key, (single = computeOneDateRow(resourceType, param)));
  return single;
}

function computeOneDateRow(resourceType: string, param: string): boolean {
  const indexed = indexedParamsFor(resourceType).get(param);
  const expression = indexed?.definition.expression;
  if (indexed?.type !== 'date' || !expression) return false;
  const branches = expressionForType(resourceType, expression);
  const paths = new Set(branches.map((b) => b.expression.replace(CHOICE_NARROWING, '')));
  if (paths.size !== 1) return false;
  const [path] = paths;
  if (!path || !PLAIN_PATH.test(path)) return false;
  const element = singleElementAt(path.split('.'));
  if (!element) return false;
  const narrowed = branches.map((b) => CHOICE_NARROWING.exec(b.expression)?.[1]);
  const types = narrowed.every((t) => t !== undefined) ? narrowed : element.type.map((t) => t.code);
  return types.every((t) => AT_MOST_ONE_DATE.has(t));
}

/** The element at `Type.a.b` when every element along the path is at most one, and each step but the last has one type to continue in. */
function singleElementAt([typeName, ...steps]: string[]): InternalSchemaElement | undefined {
  definitions(); // the R4 StructureDefinitions are indexed into @medplum/core
  let schema = typeName ? tryGetDataType(typeName) : undefined;
  for (const [i, step] of steps.entries()) {
    const element = schema?.elements[step] ?? schema?.elements[`${step}[x]`];
    if (!element || element.isArray || element.max !== 1) return undefined;
    if (i === steps.length - 1) return element;
    if (element.type.length !== 1) return undefined;
    schema = tryGetDataType(element.type[0]!.code);
  }
  return undefined;
}
