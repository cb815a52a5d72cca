/**
 * The composite search parameters of a resource type (R4 `type: composite`), compiled
 * once from their definitions: the expression that finds the elements (`Observation |
 * Observation.component`), and per component the parameter type (from the component's
 * own SearchParameter) and the FHIRPath evaluated on each element. Components must match
 * on the same element, so extraction evaluates them per element (composite-rows.ts).
 */
import fhirpath from 'fhirpath';
import r4model from 'fhirpath/fhir-context/r4';
import type { SearchParameter } from '@medplum/fhirtypes';
import { searchParametersFor } from '../definitions.ts';
import type { IndexTable } from './index-rows.ts';
import { expressionForType, relativeBranches } from './param-expression.ts';

export interface CompositeComponent {
  /** The component parameter's code (`code`, `value-quantity`). */
  code: string;
  type: IndexTable;
  /** The same for components that evaluate the same thing (`code` in six Observation composites): values are computed once per element. */
  key: string;
  /** Evaluated on one element; `%resource` is the whole resource. */
  evaluate: (element: unknown, resource: unknown) => unknown[];
}

export interface CompositeParam {
  code: string;
  definition: SearchParameter;
  /** Finds the elements on which the components are evaluated. */
  elements: ((resource: unknown) => unknown[])[];
  /** Per element path, the components compiled for it (same order as `elements`). */
  components: CompositeComponent[][];
}

const VALUE_TYPES = new Set<string>(['token', 'string', 'date', 'reference', 'number', 'quantity', 'uri']);

/**
 * R4 errata: DocumentReference `relationship` gives the reference component (`relatesto`)
 * the expression `code` and the token (`relation`) `target`, the wrong way round.
 */
const SWAPPED_EXPRESSIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'DocumentReference.relationship': { relatesto: 'target', relation: 'code' },
};

type Compiled = (resource: unknown, vars?: Record<string, unknown>) => unknown;

function compile(expression: string | { base: string; expression: string }): Compiled | undefined {
  try {
    return fhirpath.compile(expression, r4model, { resolveInternalTypes: false }) as Compiled;
  } catch {
    return undefined;
  }
}

/** Element nodes carry their JSON in `data`; the component is evaluated on that JSON with the element's path as base. */
function dataOf(node: unknown): unknown {
  return node !== null && typeof node === 'object' && 'data' in node ? (node as { data: unknown }).data : node;
}

function compileComponents(resourceType: string, sp: SearchParameter, basePath: string): CompositeComponent[] | undefined {
  const byUrl = new Map(searchParametersFor(resourceType).map((p) => [p.url, p]));
  const swapped = SWAPPED_EXPRESSIONS[`${resourceType}.${sp.code}`];
  const out: CompositeComponent[] = [];
  for (const c of sp.component ?? []) {
    const def = c.definition ? byUrl.get(c.definition) : undefined;
    if (!def?.code || !def.type || !VALUE_TYPES.has(def.type) || !c.expression) return undefined;
    const fns: Compiled[] = [];
    const branches = relativeBranches(swapped?.[def.code] ?? c.expression);
    for (const expression of branches) {
      const fn = compile({ base: basePath, expression });
      if (fn) fns.push(fn);
    }
    if (fns.length === 0) return undefined;
    out.push({
      code: def.code,
      type: def.type as IndexTable,
      key: `${def.type} ${basePath} ${branches.join(' | ')}`,
      evaluate: (element, resource) => fns.flatMap((fn) => fn(dataOf(element), { resource }) as unknown[]),
    });
  }
  return out.length >= 2 && out.length <= 3 ? out : undefined;
}

function compileParams(resourceType: string): ReadonlyMap<string, CompositeParam> {
  const params = new Map<string, CompositeParam>();
  for (const sp of searchParametersFor(resourceType)) {
    if (sp.type !== 'composite' || !sp.code || !sp.expression || params.has(sp.code)) continue;
    const elements: CompositeParam['elements'] = [];
    const components: CompositeComponent[][] = [];
    for (const branch of expressionForType(resourceType, sp.expression)) {
      // Element paths are plain paths (`Observation.component`); anything else is not a base fhirpath can type.
      if (!/^[A-Za-z]+(\.[a-zA-Z]+)*$/.test(branch.expression)) continue;
      const find = compile(branch.expression);
      const comps = compileComponents(resourceType, sp, branch.expression);
      if (!find || !comps) continue;
      elements.push((resource) => find(resource) as unknown[]);
      components.push(comps);
    }
    if (elements.length > 0) params.set(sp.code, { code: sp.code, definition: sp, elements, components });
  }
  return params;
}

const cache = new Map<string, ReadonlyMap<string, CompositeParam>>();

/** The composite parameters of a type by code (empty for an unknown type). */
export function compositeParamsFor(resourceType: string): ReadonlyMap<string, CompositeParam> {
  let params = cache.get(resourceType);
  if (!params) cache.set(resourceType, (params = compileParams(resourceType)));
  return params;
}
