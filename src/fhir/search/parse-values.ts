/**
 * Parses one search value (one item of a comma list) of each parameter type into a
 * SearchCondition. Client text only ever becomes values here, never names; anything
 * malformed throws a ParamProblem that parse.ts reports against the parameter.
 */
import { ID_PATTERN, LOCAL_REFERENCE_PATTERN } from '../validation/resource-id.ts';
import { isResourceType } from '../definitions.ts';
import { dateRange, type DateRange } from './date-range.ts';
import { decimalRange } from './decimal-range.ts';
import { localPart } from './local-base.ts';
import { normalizeText } from './normalize.ts';
import type { Prefix, SearchCondition } from './search-request.ts';

/** A problem with one parameter, reported as `{ field: <parameter>, message }`. */
export class ParamProblem extends Error {}

const PREFIXES = new Set<string>(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap']);

/** Splits on a separator not escaped with a backslash (FHIR escapes `\,` `\|` `\$` `\\`). */
export function splitEscaped(s: string, separator: ',' | '|' | '$'): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      current += c + s[i + 1];
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

export function unescapeValue(s: string): string {
  return s.replace(/\\([\\,|$])/g, '$1');
}

function shown(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
}

/** `ge2020` -> ['ge', '2020']; no prefix -> eq. */
function splitPrefix(value: string): [Prefix, string] {
  const p = value.slice(0, 2);
  if (PREFIXES.has(p) && /^[0-9+\-.]/.test(value.slice(2))) return [p as Prefix, value.slice(2)];
  return ['eq', value];
}

export function parseToken(value: string): SearchCondition {
  const parts = splitEscaped(value, '|');
  if (parts.length > 2) throw new ParamProblem(`'${shown(value)}' is not [system]|[code]: more than one unescaped '|'`);
  if (parts.length === 1) return { kind: 'token', code: unescapeValue(parts[0]!) };
  const system = unescapeValue(parts[0]!);
  const code = unescapeValue(parts[1]!);
  if (system === '' && code === '') throw new ParamProblem("'|' alone names neither a system nor a code");
  if (code === '') return { kind: 'token', system };
  return { kind: 'token', system: system === '' ? null : system, code };
}

export function parseTokenText(value: string): SearchCondition {
  return { kind: 'token-text', text: normalizeText(unescapeValue(value)) };
}

export function parseString(value: string, mode: 'starts' | 'contains' | 'exact'): SearchCondition {
  const text = unescapeValue(value);
  return { kind: 'string', mode, value: mode === 'exact' ? text : normalizeText(text) };
}

const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * `ap` on dates: the value's own range widened by 10% of its distance from now, as the
 * spec suggests (a date long ago is approximately right within a wider margin).
 */
function approximately(range: DateRange, now: number): DateRange {
  const low = Date.parse(range.low);
  const high = Date.parse(range.high);
  const margin = Math.round(Math.abs(now - (low + high) / 2) * 0.1);
  const clamp = (ms: number) => new Date(Math.min(Math.max(ms, EARLIEST), LATEST)).toISOString();
  return { low: clamp(low - margin), high: clamp(high + margin) };
}

export function parseDate(value: string, now = Date.now()): { prefix: Prefix; range: DateRange } {
  const [prefix, text] = splitPrefix(value);
  const range = dateRange(text);
  if (!range) throw new ParamProblem(`'${shown(value)}' is not a date: use [prefix]YYYY[-MM[-DD[Thh:mm[:ss][Z|+hh:mm]]]]`);
  return { prefix, range: prefix === 'ap' ? approximately(range, now) : range };
}

export function parseNumber(value: string): SearchCondition {
  const [prefix, text] = splitPrefix(value);
  const r = decimalRange(text);
  if (!r) throw new ParamProblem(`'${shown(value)}' is not a number`);
  return prefix === 'ap'
    ? { kind: 'number', prefix, value: r.value, low: r.approxLow, high: r.approxHigh }
    : { kind: 'number', prefix, value: r.value, low: r.low, high: r.high };
}

/** `[prefix]value[|system|code]`; `value||unit` matches the code or the unit. */
export function parseQuantity(value: string): SearchCondition {
  const parts = splitEscaped(value, '|');
  if (parts.length !== 1 && parts.length !== 3) throw new ParamProblem(`'${shown(value)}' is not [prefix]value[|system|code]`);
  const n = parseNumber(parts[0]!);
  if (n.kind !== 'number') throw new ParamProblem(`'${shown(value)}' is not a quantity`);
  const system = parts.length === 3 ? unescapeValue(parts[1]!) : '';
  const code = parts.length === 3 ? unescapeValue(parts[2]!) : '';
  return {
    kind: 'quantity',
    prefix: n.prefix,
    value: n.value,
    low: n.low,
    high: n.high,
    ...(system ? { system } : {}),
    ...(code ? { code } : {}),
  };
}

const LOCAL_REF = LOCAL_REFERENCE_PATTERN;
const ID_RE = ID_PATTERN;

/**
 * `Type/id`, a bare id (with `:Type`, or the parameter's only target type), or a url kept
 * as written (absolute, urn:, canonical). `targets` are the parameter's allowed types.
 */
export function parseReference(value: string, typeModifier: string | undefined, targets: readonly string[]): SearchCondition {
  const written = unescapeValue(value);
  // An absolute url under this server's own base names the local resource.
  const text = localPart(written) ?? written;
  const local = LOCAL_REF.exec(text);
  if (local && isResourceType(local[1]!)) {
    const targetType = local[1]!;
    if (typeModifier && typeModifier !== targetType) throw new ParamProblem(`'${shown(text)}' is not a ${typeModifier}`);
    if (targets.length > 0 && !targets.includes(targetType) && !targets.includes('Resource')) {
      throw new ParamProblem(`${targetType} is not a target of this parameter (allowed: ${targets.join(', ')})`);
    }
    return { kind: 'reference', targetType, id: local[2]! };
  }
  if (ID_RE.test(text)) {
    const only = targets.length === 1 && targets[0] !== 'Resource' ? targets[0] : undefined;
    const targetType = typeModifier ?? only;
    return { kind: 'reference', id: text, ...(targetType ? { targetType } : {}) };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    if (typeModifier) throw new ParamProblem(`'${shown(text)}' is a url: the :${typeModifier} modifier takes an id`);
    return { kind: 'reference', url: text };
  }
  throw new ParamProblem(`'${shown(text)}' is not a reference: use Type/id, an id or an absolute url`);
}

export function parseUri(value: string, mode: 'exact' | 'below' | 'above'): SearchCondition {
  return { kind: 'uri', mode, value: unescapeValue(value) };
}

export function parseId(value: string): SearchCondition {
  const id = unescapeValue(value);
  if (!ID_RE.test(id)) throw new ParamProblem(`'${shown(id)}' is not a resource id`);
  return { kind: 'id', id };
}

export function parseMissing(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ParamProblem(':missing takes true or false');
}

/** Token :of-type on identifiers: `type-system|type-code|value`, all three required. */
export function parseOfType(value: string): SearchCondition {
  const parts = splitEscaped(value, '|').map(unescapeValue);
  if (parts.length !== 3 || parts.some((x) => x === '')) {
    throw new ParamProblem(`'${shown(value)}' is not [type-system]|[type-code]|[value] (all three are needed for :of-type)`);
  }
  return {
    kind: 'composite',
    parts: [
      { kind: 'token', system: parts[0]!, code: parts[1]! },
      { kind: 'token', code: parts[2]! },
    ],
  };
}

/** `_text` / `_content`: words, "quoted phrases", `or`, `-word` (PostgreSQL websearch syntax, bound as a value). */
export function parseTextQuery(value: string): SearchCondition {
  const query = normalizeText(unescapeValue(value)).trim();
  if (!/[\p{L}\p{N}]/u.test(query)) throw new ParamProblem(`'${shown(value)}' has no word to search for`);
  return { kind: 'text', query };
}

/** `_list`: the id of a List (functional lists such as `$current-problems` are not kept here). */
export function parseListId(value: string): SearchCondition {
  const id = unescapeValue(value);
  if (id.startsWith('$')) throw new ParamProblem(`functional list '${shown(id)}' is not supported; give the id of a List`);
  if (!ID_RE.test(id)) throw new ParamProblem(`'${shown(id)}' is not a List id`);
  return { kind: 'list', listId: id };
}
