/**
 * Checks one FHIR primitive value (the JSON value of e.g. `birthDate`, `status`, `valueInteger`).
 *
 * The rules come from the R4 primitive-type StructureDefinitions: each `<type>.value`
 * element carries the official regex (extension `.../regex`) and, for `string`, a
 * maxLength. The JSON representation (json.html) fixes which JSON type carries which
 * primitive: `boolean` as a JSON boolean, `decimal` and the `integer` family as JSON
 * numbers, everything else as a string; the integer family is found through
 * `baseDefinition` rather than listed here.
 *
 * A few deliberate refinements of the bare regexes, each noted where it happens:
 * the regexes are Java regexes (ASCII `\s`), `base64Binary`'s regex backtracks
 * exponentially on bad input, numbers arrive as JS numbers (their lexical form is
 * gone), and dates must also be real calendar dates.
 */
import { definitions } from '../definitions.ts';

type JsonType = 'string' | 'number' | 'boolean';

interface PrimitiveSpec {
  readonly jsonType: JsonType;
  readonly regex?: RegExp;
  readonly maxLength?: number;
  /** Derives from `integer`: whole numbers within 32 bits. */
  readonly integer: boolean;
  /** date, dateTime, instant: the day must exist in that month. */
  readonly calendar: boolean;
}

/** A problem with one primitive value; `code` is the OperationOutcome issue type. */
export interface PrimitiveProblem {
  code: 'structure' | 'value';
  message: string;
}

const REGEX_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/regex';
const SD_PREFIX = 'http://hl7.org/fhir/StructureDefinition/';
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

let specs: Map<string, PrimitiveSpec> | undefined;

function loadSpecs(): Map<string, PrimitiveSpec> {
  const sds = definitions().structureDefinitions;
  const result = new Map<string, PrimitiveSpec>();
  const derivesFrom = (type: string, ancestor: string): boolean => {
    for (let t: string | undefined = type; t;) {
      if (t === ancestor) return true;
      const base: string | undefined = sds.get(t)?.baseDefinition;
      t = base?.startsWith(SD_PREFIX) ? base.slice(SD_PREFIX.length) : undefined;
    }
    return false;
  };
  for (const [type, sd] of sds) {
    if (sd.kind !== 'primitive-type') continue;
    const valueElement = sd.snapshot?.element?.find((e) => e.path === `${type}.value`);
    const pattern = valueElement?.type?.[0]?.extension?.find((x) => x.url === REGEX_EXTENSION)?.valueString;
    const integer = derivesFrom(type, 'integer');
    const jsonType: JsonType = type === 'boolean' ? 'boolean' : integer || type === 'decimal' ? 'number' : 'string';
    result.set(type, {
      jsonType,
      // FHIR regexes match the whole value. base64Binary's official regex
      // `(\s*([0-9a-zA-Z\+/=]){4}\s*)+` can backtrack exponentially on a large invalid
      // attachment, so it is replaced by the equivalent linear check in checkBase64.
      regex: pattern && type !== 'base64Binary' ? new RegExp(`^(?:${pattern})$`) : undefined,
      maxLength: valueElement?.maxLength,
      integer,
      calendar: type === 'date' || type === 'dateTime' || type === 'instant',
    });
  }
  return result;
}

function specFor(type: string): PrimitiveSpec | undefined {
  specs ??= loadSpecs();
  return specs.get(type);
}

/** True if `type` is an R4 primitive type (string, code, dateTime, ...). */
export function isPrimitiveType(type: string): boolean {
  return specFor(type) !== undefined;
}

/** Returns undefined if `value` is a valid JSON value for the primitive `type`, else why not. */
export function primitiveProblem(type: string, value: unknown): PrimitiveProblem | undefined {
  const spec = specFor(type);
  if (!spec) return { code: 'structure', message: `Unknown primitive type ${type}` };
  if (typeof value !== spec.jsonType) {
    return {
      code: 'structure',
      message: `Wrong JSON type: ${type} must be a JSON ${spec.jsonType}, got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`,
    };
  }
  if (spec.jsonType === 'number') return numberProblem(type, value as number, spec);
  if (spec.jsonType === 'boolean') return undefined;

  const str = value as string;
  if (str.length === 0) return { code: 'value', message: `Empty string is not a valid ${type} (json.html: no empty values)` };
  const unusable = unusableCharacter(str);
  if (unusable) return { code: 'value', message: `Invalid ${type}: ${unusable}` };
  if (spec.maxLength !== undefined && str.length > spec.maxLength) {
    return { code: 'value', message: `${type} longer than ${spec.maxLength} characters` };
  }
  if (type === 'base64Binary') {
    return isBase64(str) ? undefined : { code: 'value', message: 'Invalid base64Binary content' };
  }
  if (spec.regex && !matchesJavaRegex(spec.regex, str)) {
    return { code: 'value', message: `Invalid ${type} format: ${JSON.stringify(truncate(str))}` };
  }
  if (spec.calendar && !isRealCalendarDate(str)) {
    return { code: 'value', message: `Invalid ${type}: ${JSON.stringify(truncate(str))} is not a calendar date` };
  }
  return undefined;
}

/**
 * datatypes.html#string: strings SHALL NOT contain characters below U+0020 other than tab,
 * carriage return and line feed (no regex says so: `\S` matches them). An unpaired surrogate
 * (`"\ud800"` in the JSON) is no Unicode character at all and has no UTF-8 form to store.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
function unusableCharacter(str: string): string | undefined {
  const control = CONTROL_CHARACTER.exec(str);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `contains the control character U+${code} at position ${control.index} (below U+0020 only tab, carriage return and line feed are allowed)`;
  }
  if (!(str as string & { isWellFormed(): boolean }).isWellFormed())
    return 'contains an unpaired UTF-16 surrogate, which is not a Unicode character';
  return undefined;
}

function numberProblem(type: string, n: number, spec: PrimitiveSpec): PrimitiveProblem | undefined {
  if (!Number.isFinite(n)) return { code: 'value', message: `Invalid ${type}: not a finite number` };
  if (!spec.integer) return undefined;
  if (!Number.isInteger(n) || n < INT32_MIN || n > INT32_MAX) {
    return { code: 'value', message: `Invalid ${type}: ${n} is not a 32-bit integer` };
  }
  // The official lexical regexes encode the sign rules (positiveInt > 0, unsignedInt >= 0).
  if (spec.regex && !spec.regex.test(String(n))) return { code: 'value', message: `Invalid ${type}: ${n}` };
  return undefined;
}

/**
 * The official regexes are Java regexes, where `\s` is ASCII whitespace only; in JS it
 * also covers no-break and other Unicode spaces, which are legal characters in FHIR
 * strings (an NBSP in a name). Retry with those spaces neutralised only on failure, so
 * the common path costs one regex test.
 */
const UNICODE_ONLY_SPACES = /[\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]/g;
function matchesJavaRegex(regex: RegExp, str: string): boolean {
  if (regex.test(str)) return true;
  UNICODE_ONLY_SPACES.lastIndex = 0;
  if (!UNICODE_ONLY_SPACES.test(str)) return false;
  return regex.test(str.replace(UNICODE_ONLY_SPACES, 'x'));
}

/** Same language as `(\s*([0-9a-zA-Z\+/=]){4}\s*)+`: groups of four base64 characters, whitespace anywhere. */
const BASE64_CHARS = /^[0-9a-zA-Z+/=]+$/;
const ASCII_WHITESPACE = /[ \t\n\x0B\f\r]+/g;
function isBase64(str: string): boolean {
  const compact = str.replace(ASCII_WHITESPACE, '');
  return compact.length > 0 && compact.length % 4 === 0 && BASE64_CHARS.test(compact);
}

/** The regexes allow 2023-02-31; the spec requires real dates. Only called on regex-valid values. */
function isRealCalendarDate(str: string): boolean {
  if (str.length < 10) return true; // year or year-month only
  const year = Number(str.slice(0, 4));
  const month = Number(str.slice(5, 7));
  const day = Number(str.slice(8, 10));
  if (day <= 28) return true;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

function truncate(str: string): string {
  return str.length > 80 ? `${str.slice(0, 77)}...` : str;
}
