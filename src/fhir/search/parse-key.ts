/**
 * A filter parameter's key as a SearchFilter, chains and reverse chains included:
 *   name[:modifier]                          a parameter of the type (parse-filter.ts)
 *   ref[:Type].name[:modifier]               chained, up to MAX_CHAIN links (`subject:Patient.organization.name`)
 *   _has:Type:ref:<key>                      reverse chained; <key> may itself chain or `_has` again
 * Every part is resolved through the definitions: reference parameters and their target
 * types, the parameter at the end. A chain whose next parameter exists on several of the
 * reference's target types is ambiguous and must name the type (`subject:Patient.name`).
 */
import { isResourceType, resourceTypes } from '../definitions.ts';
import { indexedParamsFor } from './indexed-params.ts';
import { isSearchableParam, parseFilter } from './parse-filter.ts';
import { ParamProblem } from './parse-values.ts';
import type { SearchFilter } from './search-request.ts';

/** Links a chain may follow (`a.b.c` is two). */
export const MAX_CHAIN = 2;
/** Links a key may follow in all, `_has` and chains together: each is a nested subquery. */
export const MAX_LINKS = 3;

function referenceParam(resourceType: string, code: string) {
  const p = indexedParamsFor(resourceType).get(code);
  if (!p) throw new ParamProblem(`${code} is not a search parameter of ${resourceType}`);
  if (p.type !== 'reference')
    throw new ParamProblem(`${code} is a ${p.type} parameter of ${resourceType}, not a reference: it cannot be chained`);
  return p;
}

/** The reference's possible target types (`Resource` = any type). */
function targetsOf(resourceType: string, code: string): string[] {
  const targets: string[] = referenceParam(resourceType, code).definition.target ?? [];
  return targets.includes('Resource') || targets.length === 0 ? [...resourceTypes()] : targets;
}

/** `name` or `name:modifier` of the chain's last part: the name. */
const nameOf = (part: string) => (part.includes(':') ? part.slice(0, part.indexOf(':')) : part);

function chainTarget(resourceType: string, link: string, nextName: string): { code: string; targetType: string } {
  const colon = link.indexOf(':');
  const code = colon < 0 ? link : link.slice(0, colon);
  const typeModifier = colon < 0 ? undefined : link.slice(colon + 1);
  const targets = targetsOf(resourceType, code);
  if (typeModifier !== undefined) {
    if (!isResourceType(typeModifier)) throw new ParamProblem(`${typeModifier} is not a resource type`);
    if (!targets.includes(typeModifier))
      throw new ParamProblem(`${typeModifier} is not a target of ${code} (allowed: ${targets.join(', ')})`);
    return { code, targetType: typeModifier };
  }
  const candidates = targets.filter((t) => isSearchableParam(t, nextName));
  if (candidates.length === 0) throw new ParamProblem(`no target type of ${code} has a search parameter ${nextName}`);
  if (candidates.length > 1) {
    const shown = candidates.length > 5 ? `${candidates.slice(0, 5).join(', ')}...` : candidates.join(', ');
    throw new ParamProblem(
      `${code} may point at ${shown}, which all have ${nextName}: name one, e.g. ${code}:${candidates[0]}.${nextName}`,
    );
  }
  return { code, targetType: candidates[0]! };
}

function chainFilter(resourceType: string, links: string[], last: string, raw: string, budget: number): SearchFilter | undefined {
  if (links.length === 0) {
    const name = nameOf(last);
    const modifier = last.length > name.length ? last.slice(name.length + 1) : undefined;
    if (modifier === '') throw new ParamProblem('empty modifier');
    return parseFilter(resourceType, name, modifier, raw);
  }
  const next = links.length > 1 ? nameOf(links[1]!) : nameOf(last);
  const { code, targetType } = chainTarget(resourceType, links[0]!, next);
  const inner = chainFilter(targetType, links.slice(1), last, raw, budget - 1);
  if (!inner) throw new ParamProblem(`${next} is not a search parameter of ${targetType}`);
  return { param: code, table: 'chain', conditions: [], chain: { targetType, filter: inner } };
}

/**
 * The filter for `key=raw`; undefined when the key names no parameter of the type (the
 * caller reports it as unknown); a ParamProblem for anything else wrong with it.
 */
export function parseFilterKey(resourceType: string, key: string, raw: string, budget = MAX_LINKS): SearchFilter | undefined {
  if (key.startsWith('_has:') || key === '_has') {
    // _has:Type:ref:rest
    const parts = key.split(':');
    if (parts.length < 4 || parts.slice(1, 4).some((s) => s === ''))
      throw new ParamProblem('use _has:[type]:[reference parameter]:[parameter]');
    const [, sourceType, ref] = parts as [string, string, string];
    const rest = parts.slice(3).join(':');
    if (budget <= 0) throw new ParamProblem(`_has and chains may follow at most ${MAX_LINKS} links`);
    if (!isResourceType(sourceType)) throw new ParamProblem(`${sourceType} is not a resource type`);
    const targets = targetsOf(sourceType, ref);
    if (!targets.includes(resourceType)) throw new ParamProblem(`${sourceType}.${ref} does not point at ${resourceType}`);
    const inner = parseFilterKey(sourceType, rest, raw, budget - 1);
    if (!inner) throw new ParamProblem(`${nameOf(rest.split('.')[0]!)} is not a search parameter of ${sourceType}`);
    return { param: ref, table: 'has', conditions: [], has: { sourceType, filter: inner } };
  }
  const segments = key.split('.');
  if (segments.some((s) => s === '')) throw new ParamProblem('empty part in a chained parameter');
  const links = segments.slice(0, -1);
  if (links.length > MAX_CHAIN) throw new ParamProblem(`chains may be at most ${MAX_CHAIN} links deep`);
  if (links.length > budget) throw new ParamProblem(`_has and chains may follow at most ${MAX_LINKS} links`);
  return chainFilter(resourceType, links, segments[segments.length - 1]!, raw, budget);
}
