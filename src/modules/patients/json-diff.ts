/**
 * What changed between two versions of a resource, as a list of leaf changes with their
 * JSON path (`name[0].family`, `telecom[1].value`): the "what" of who changed what. Arrays
 * are compared position by position, which is how FHIR clients edit them. Server metadata
 * is left out; very long values (a photo) are shown by size, not content.
 */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

const IGNORED = new Set(['meta']);
const LONG = 200;

function shown(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'string' && v.length > LONG) return `[${v.length} characters]`;
  return v;
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;

function leaves(v: unknown, path: string, side: 'before' | 'after', out: FieldChange[]): void {
  if (Array.isArray(v)) return v.forEach((x, i) => leaves(x, `${path}[${i}]`, side, out));
  if (isContainer(v)) {
    for (const [k, x] of Object.entries(v)) leaves(x, path ? `${path}.${k}` : k, side, out);
    return;
  }
  out.push(side === 'before' ? { path, before: shown(v), after: null } : { path, before: null, after: shown(v) });
}

function walk(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
  if (a === b) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (isContainer(a) && isContainer(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!(path === '' && IGNORED.has(k))) walk(a[k], b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  // A value added or removed whole is listed leaf by leaf, so every path names one value.
  if (a === undefined) return leaves(b, path, 'after', out);
  if (b === undefined) return leaves(a, path, 'before', out);
  if (isContainer(a) || isContainer(b)) {
    leaves(a, path, 'before', out);
    leaves(b, path, 'after', out);
    return;
  }
  out.push({ path, before: shown(a), after: shown(b) });
}

export function diffJson(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before ?? {}, after ?? {}, '', out);
  return out;
}
