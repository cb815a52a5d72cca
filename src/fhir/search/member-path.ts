/**
 * A fast evaluator for the search parameter expressions that are plain member paths, most of
 * R4's: `Observation.subject`, `Patient.name.family`, `Observation.value.ofType(Quantity)`.
 * It walks the resource with the model fhirpath.js itself uses (fhirpath/fhir-context/r4:
 * element types, choice types, content references) and returns what fhirpath.js returns:
 * the same values, with the same FHIR type names, in the same order. What it saves is
 * fhirpath.js's general machinery (a node object for every element visited, an evaluation
 * context per call), which was a quarter of the CPU of an import.
 *
 * Only expressions whose every step is known in the model are taken; functions other than a
 * final `ofType` or a final `where(code = 'literal')` (`Patient.telecom.where(system='phone')`),
 * indexers, extensions, contained resources and number-typed values
 * (fhirpath.js wraps numbers in its decimal type) stay with fhirpath.js. The equivalence is
 * checked on every official R4 example and the Synthea data (member-path.test.ts).
 */
import r4model from 'fhirpath/fhir-context/r4';

interface FhirpathModel {
  choiceTypePaths: Record<string, string[]>;
  pathsDefinedElsewhere: Record<string, string>;
  path2Type: Record<string, string>;
  path2TypeWithoutElements: Record<string, string>;
  type2Parent: Record<string, string>;
}

const model = r4model as unknown as FhirpathModel;

/** What fhirpath.js returns with resolveInternalTypes off: a value and its FHIR type name. */
export interface TypedValue {
  data: unknown;
  fhirNodeDataType: string | null;
}

interface ChoiceOption {
  field: string;
  type: string;
  /** Whether a final `ofType` keeps values of this type. */
  kept: boolean;
}

interface Step {
  prop: string;
  type: string;
  /** Set on a choice element (`value[x]`): its fields in the model's order. */
  choice?: ChoiceOption[];
}

const SIMPLE_PATH =
  /^([A-Z][A-Za-z]+)((?:\.[a-z][A-Za-z0-9]*)+)(?:\.ofType\(([A-Za-z]+)\)|\.where\(([a-z][A-Za-z0-9]*)='([A-Za-z0-9._:/-]*)'\))?$/;
/** Types of a `where` test's element: string-like primitives, compared as fhirpath.js compares strings. */
const WHERE_TYPES = new Set(['code', 'string', 'uri', 'id']);
const NUMBER_TYPES = new Set(['decimal', 'integer', 'integer64', 'unsignedInt', 'positiveInt']);
/** FHIR primitive types fhirpath.js also accepts under their System name (`ofType(DateTime)` keeps a dateTime). */
const SYSTEM_NAME: Record<string, string> = {
  boolean: 'Boolean',
  string: 'String',
  uri: 'String',
  code: 'String',
  oid: 'String',
  id: 'String',
  uuid: 'String',
  markdown: 'String',
  base64Binary: 'String',
  integer: 'Integer',
  unsignedInt: 'Integer',
  positiveInt: 'Integer',
  decimal: 'Decimal',
  date: 'DateTime',
  dateTime: 'DateTime',
  instant: 'DateTime',
  time: 'Time',
  Quantity: 'Quantity',
};

/** Whether `type` is `ancestor` or derives from it in the model. */
function inherits(type: string, ancestor: string): boolean {
  for (let t: string | undefined = type; t; t = model.type2Parent[t]) if (t === ancestor) return true;
  return false;
}

/** fhirpath.js's ofType test: the type itself or a supertype, or its System equivalent. */
function keptBy(type: string, ofType: string | undefined): boolean {
  return ofType === undefined || SYSTEM_NAME[type] === ofType || inherits(type, ofType);
}

const isResourceType = (type: string) => inherits(type, 'Resource');

const isPrimitive = (type: string) => /^[a-z]/.test(type);

/** A final `where(prop = 'value')`: keeps the elements whose `prop` is that value. */
interface WhereTest {
  prop: string;
  value: string;
}

/** The steps of a plain member path, or undefined when fhirpath.js must evaluate it. */
function compileSteps(expression: string): { root: string; steps: Step[]; ofType?: string; where?: WhereTest } | undefined {
  const m = SIMPLE_PATH.exec(expression);
  if (!m) return undefined;
  const root = m[1]!;
  const ofType = m[3];
  const where = m[4] !== undefined ? { prop: m[4], value: m[5]! } : undefined;
  const props = m[2]!.slice(1).split('.');
  if (!model.type2Parent[root] || !isResourceType(root)) return undefined;
  const steps: Step[] = [];
  let path = root;
  for (const [i, prop] of props.entries()) {
    const last = i === props.length - 1;
    if (prop === 'extension' || prop === 'modifierExtension') return undefined;
    let childPath = `${path}.${prop}`;
    childPath = model.pathsDefinedElsewhere[childPath] ?? childPath;
    const choices = model.choiceTypePaths[childPath];
    if (choices) {
      // A choice element ends the path here (what follows would depend on the value's type).
      if (!last) return undefined;
      const options: ChoiceOption[] = [];
      for (const t of choices) {
        const type = model.path2Type[childPath + t];
        if (!type) return undefined;
        const kept = keptBy(type, ofType);
        if (kept && (NUMBER_TYPES.has(type) || isResourceType(type))) return undefined;
        options.push({ field: prop + t, type, kept });
      }
      steps.push({ prop, type: '', choice: options });
      return { root, steps, ...(ofType ? { ofType } : {}) };
    }
    const type = model.path2Type[childPath];
    if (!type || isResourceType(type)) return undefined;
    // Below a primitive are only its id and extensions, which fhirpath.js reads from `_prop`.
    if (!last && isPrimitive(type)) return undefined;
    if (last && NUMBER_TYPES.has(type) && keptBy(type, ofType)) return undefined;
    steps.push({ prop, type });
    path = model.path2TypeWithoutElements[childPath] ?? childPath;
  }
  if (where) {
    // The tested element must be a string-like primitive of the last element (ContactPoint.system).
    // (`where` on a primitive tests `$this`, which this form does not express.)
    if (isPrimitive(steps.at(-1)!.type)) return undefined;
    const tested = `${path}.${where.prop}`;
    if (model.choiceTypePaths[tested] || !WHERE_TYPES.has(model.path2Type[tested] ?? '')) return undefined;
  }
  return { root, steps, ...(ofType ? { ofType } : {}), ...(where ? { where } : {}) };
}

function pushValues(value: unknown, type: string, out: TypedValue[]): void {
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && v !== undefined) out.push({ data: v, fhirNodeDataType: type });
  } else if (value !== null && value !== undefined) {
    out.push({ data: value, fhirNodeDataType: type });
  }
}

/**
 * The evaluator for a plain member path, or undefined when the expression is anything else.
 * Its results equal fhirpath.js's (compiled with resolveInternalTypes: false) in data and type.
 */
export function compileMemberPath(expression: string): ((resource: unknown) => TypedValue[]) | undefined {
  const compiled = compileSteps(expression);
  if (!compiled) return undefined;
  const { root, steps, ofType, where } = compiled;
  const lastType = steps.at(-1)!.type;
  // A final ofType that can never keep the element's single type: always empty, as in fhirpath.js.
  const neverKept = ofType !== undefined && !steps.at(-1)!.choice && !keptBy(lastType, ofType);
  return (resource) => {
    if (neverKept || (resource as { resourceType?: unknown })?.resourceType !== root) return [];
    let current: unknown[] = [resource];
    for (let s = 0; s < steps.length - 1; s++) {
      const prop = steps[s]!.prop;
      const next: unknown[] = [];
      for (const item of current) {
        const v = (item as Record<string, unknown>)[prop];
        if (Array.isArray(v)) {
          for (const x of v) if (x !== null && typeof x === 'object') next.push(x);
        } else if (v !== null && typeof v === 'object') next.push(v);
      }
      if (next.length === 0) return [];
      current = next;
    }
    const last = steps.at(-1)!;
    const out: TypedValue[] = [];
    for (const item of current) {
      const o = item as Record<string, unknown>;
      if (last.choice) {
        // fhirpath.js takes the first of the choice's fields that is present (value or `_` extension).
        const option = last.choice.find((c) => o[c.field] !== undefined || o[`_${c.field}`] !== undefined);
        if (option?.kept) pushValues(o[option.field], option.type, out);
      } else if (where) {
        const v = o[last.prop];
        for (const x of Array.isArray(v) ? v : [v]) {
          if (x === null || typeof x !== 'object') continue;
          // fhirpath.js's `=`: a repeating element equals the literal only when it holds that one value.
          const t = (x as Record<string, unknown>)[where.prop];
          if (Array.isArray(t) ? t.length === 1 && t[0] === where.value : t === where.value)
            out.push({ data: x, fhirNodeDataType: last.type });
        }
      } else {
        pushValues(o[last.prop], last.type, out);
      }
    }
    return out;
  };
}
