/**
 * How alike a registration and a stored patient are, from 0 to 1 (docs/patient-administration.md,
 * "Duplicate check"). Pure, so the rules are unit-tested without a database. The lookup
 * (repo.lookupPatients) gathers the candidates; this decides which are likely the same person.
 */
import type { Patient } from '@medplum/fhirtypes';
import { normalizeText } from '../../fhir/search/normalize.ts';
import { identifierKey } from '../../fhir/store/patient-lookup-sql.ts';

/** Candidates at or above this score are shown. */
export const DUPLICATE_THRESHOLD = 0.65;
export const WEIGHTS = { name: 0.5, birthDate: 0.3, contact: 0.2 } as const;

export type DuplicateField = 'name' | 'birthDate' | 'sex' | 'phone' | 'email' | 'identifier';

export interface DuplicateProbe {
  family?: string;
  given: string[];
  birthDate?: string;
  sex?: string;
  /** Digits only. */
  phones: string[];
  email?: string;
  identifiers: string[];
}

export interface DuplicateScore {
  score: number;
  matches: DuplicateField[];
}

const word = (s: string) => normalizeText(s).replace(/[^\p{L}]/gu, '');

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** 1 for equal names (case and accents aside), 1 - edits / length otherwise, 0 when either is missing. */
export function nameSimilarity(a: string | undefined, b: string | undefined): number {
  const x = word(a ?? '');
  const y = word(b ?? '');
  if (!x || !y) return 0;
  if (x === y) return 1;
  return Math.max(0, 1 - editDistance(x, y) / Math.max(x.length, y.length));
}

const best = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);

/** The best reading over the stored names, first and last name also tried the other way round (at 90%). */
export function nameScore(probe: DuplicateProbe, p: Patient): number {
  const scores: number[] = [];
  for (const n of p.name ?? []) {
    const given = n.given ?? [];
    const giv = probe.given.length
      ? probe.given.map((g) => best(given.map((h) => nameSimilarity(g, h)))).reduce((s, v) => s + v, 0) / probe.given.length
      : undefined;
    const fam = probe.family ? nameSimilarity(probe.family, n.family) : undefined;
    const combine = (f: number | undefined, g: number | undefined) =>
      f === undefined ? (g ?? 0) : g === undefined ? f : 0.6 * f + 0.4 * g;
    scores.push(combine(fam, giv));
    if (probe.family && probe.given.length) {
      const swappedFamily = best(given.map((h) => nameSimilarity(probe.family, h)));
      const swappedGiven = nameSimilarity(probe.given[0], n.family);
      scores.push(0.9 * combine(swappedFamily, swappedGiven));
    }
  }
  return best(scores);
}

/** 1 equal; 0.6 day and month swapped; 0.5 one typed digit wrong or two neighbours swapped; else 0. */
export function birthDateScore(a: string | undefined, b: string | undefined): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (ya === yb && ma === db && da === mb) return 0.6;
  return editDistance(a, b) === 1 ? 0.5 : 0;
}

function phonesOf(p: Patient): string[] {
  return (p.telecom ?? []).filter((t) => t.system === 'phone' && t.value).map((t) => t.value!.replace(/\D/g, ''));
}

/** Two numbers are the same line when their last 7 digits are (a country prefix on one side only does not matter). */
const samePhone = (a: string, b: string) => a.length >= 7 && b.length >= 7 && a.slice(-7) === b.slice(-7);

export function scoreDuplicate(probe: DuplicateProbe, p: Patient): DuplicateScore {
  const matches: DuplicateField[] = [];
  let weighted = 0;
  let weights = 0;
  if (probe.family || probe.given.length) {
    const s = nameScore(probe, p);
    weighted += WEIGHTS.name * s;
    weights += WEIGHTS.name;
    if (s >= 0.8) matches.push('name');
  }
  if (probe.birthDate) {
    const s = birthDateScore(probe.birthDate, p.birthDate);
    weighted += WEIGHTS.birthDate * s;
    weights += WEIGHTS.birthDate;
    if (s === 1) matches.push('birthDate');
  }
  if (probe.phones.length || probe.email) {
    const phone = probe.phones.some((a) => phonesOf(p).some((b) => samePhone(a, b)));
    const email =
      !!probe.email &&
      (p.telecom ?? []).some((t) => t.system === 'email' && t.value?.trim().toLowerCase() === probe.email!.trim().toLowerCase());
    weighted += WEIGHTS.contact * (phone || email ? 1 : 0);
    weights += WEIGHTS.contact;
    if (phone) matches.push('phone');
    if (email) matches.push('email');
  }
  const base = weights ? weighted / weights : 0;
  const keys = new Set(probe.identifiers.map(identifierKey).filter(Boolean));
  const identifier = (p.identifier ?? []).some((i) => i.value && keys.has(identifierKey(i.value)));
  // The same national id or passport number is near-proof; the rest still orders such candidates.
  let score = identifier ? 0.9 + 0.1 * base : base;
  if (identifier) matches.push('identifier');
  const definite = (s: string | undefined) => s === 'male' || s === 'female';
  if (definite(probe.sex) && definite(p.gender)) {
    // A wrong sex is a common registration slip, so it lowers the score rather than ruling the candidate out.
    if (probe.sex !== p.gender) score -= 0.1;
    else matches.push('sex');
  }
  return { score: Math.round(Math.min(1, Math.max(0, score)) * 100) / 100, matches };
}
