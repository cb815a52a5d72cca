/**
 * POST /api/v1/patients/duplicates: before (or while) registering, the stored patients who
 * are probably the same person. Candidates come from the fuzzy lookup (repo.lookupPatients:
 * trigram and one-edit names, birth date, phone, identifier, under the caller's access
 * scope and audited as a Patient search); each is then scored 0..1 (duplicate-score.ts)
 * and only those at or above the threshold are returned, best first.
 */
import type { Patient } from '@medplum/fhirtypes';
import { badRequest } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { normalizeText } from '../../fhir/search/normalize.ts';
import { findMrn } from './mrn.ts';
import { DUPLICATE_THRESHOLD, scoreDuplicate, type DuplicateField, type DuplicateProbe } from './duplicate-score.ts';
import { mergedInto, nameText, officialName } from './store-reads.ts';
import { validateRegistration } from './validate-registration.ts';

/** Candidates read from the lookup before scoring: the lookup ranks, so the likely ones are among the first. */
const CANDIDATES = 50;

export interface DuplicateCandidate {
  id: string;
  summary: { name: string; birthDate?: string; sex?: string; mrn?: string; active: boolean };
  score: number;
  matches: DuplicateField[];
}

export async function findDuplicates(
  repo: FhirRepository,
  body: unknown,
  opts: { mrnSystem: string; excludeId?: string },
): Promise<{ candidates: DuplicateCandidate[]; threshold: number }> {
  const { registration: r } = await validateRegistration(body, { partial: true });
  const probe: DuplicateProbe = {
    ...(r.name.family ? { family: r.name.family } : {}),
    given: r.name.given,
    ...(r.birthDate ? { birthDate: r.birthDate } : {}),
    ...((body as { sex?: unknown }).sex !== undefined ? { sex: r.sex } : {}),
    phones: r.phones.map((p) => p.value.replace(/\D/g, '')),
    ...(r.email ? { email: r.email } : {}),
    identifiers: r.identifiers.map((i) => i.value),
  };
  const names = [
    ...new Set([probe.family ?? '', ...probe.given].flatMap((n) => normalizeText(n).split(/[\s,]+/)).filter((w) => w.length >= 2)),
  ];
  if (!names.length && !probe.birthDate && !probe.phones.length && !probe.identifiers.length) {
    throw badRequest('Give at least a name, a birth date, a phone number or an identifier to look for duplicates', [
      { field: 'name.family', message: 'or birthDate, phones, identifiers: at least one is needed' },
    ]);
  }
  const audited = new URLSearchParams({ check: 'duplicates' });
  if (names.length) audited.set('names', names.join(' '));
  if (probe.birthDate) audited.set('birthDate', probe.birthDate);
  if (probe.phones.length) audited.set('phones', probe.phones.join(' '));
  if (probe.identifiers.length) audited.set('identifiers', String(probe.identifiers.length));
  const found = await repo.lookupPatients(
    {
      queryText: audited.toString(),
      names: names.slice(0, 6),
      birthDates: probe.birthDate ? [probe.birthDate] : [],
      birthYears: [],
      phones: probe.phones.filter((p) => p.length >= 7).slice(0, 3),
      identifiers: probe.identifiers.slice(0, 10),
      filters: {},
    },
    CANDIDATES,
  );
  const candidates: DuplicateCandidate[] = [];
  for (const m of found) {
    const p = JSON.parse(m.stored.json) as Patient;
    // A record merged away is not a duplicate to act on: its survivor is among the candidates.
    if (m.stored.id === opts.excludeId || mergedInto(p)) continue;
    const { score, matches } = scoreDuplicate(probe, p);
    if (score < DUPLICATE_THRESHOLD) continue;
    const mrn = findMrn(p.identifier, opts.mrnSystem)?.value;
    candidates.push({
      id: m.stored.id,
      summary: {
        name: nameText(officialName(p.name)),
        ...(p.birthDate ? { birthDate: p.birthDate } : {}),
        ...(p.gender ? { sex: p.gender } : {}),
        ...(mrn ? { mrn } : {}),
        active: p.active !== false,
      },
      score,
      matches,
    });
  }
  candidates.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return { candidates, threshold: DUPLICATE_THRESHOLD };
}
