/**
 * What a result list shows of a patient: who they are (name, date of birth, gender), how
 * to tell namesakes apart (MRN and identifiers, phone, city), and why they matched.
 * National ids are masked to their last 4 characters: a list needs to tell people apart,
 * not to show their SSN.
 */
import type { HumanName, Identifier, Patient } from '@medplum/fhirtypes';
import { isNationalIdentifier } from '../../crypto/builtin-rules.ts';
import type { LookupField, PatientLookupMatch } from '../../fhir/store/patient-lookup-sql.ts';
import { isDeceased } from './store-reads.ts';

export interface PatientSummary {
  id: string;
  score: number;
  matches: LookupField[];
  name: string;
  family?: string;
  given: string[];
  birthDate?: string;
  gender?: string;
  active: boolean;
  deceased: boolean;
  mrn?: string;
  identifiers: { system?: string; type?: string; value: string }[];
  phone?: string;
  city?: string;
}

function preferredName(names: HumanName[] | undefined): HumanName | undefined {
  if (!names?.length) return undefined;
  return names.find((n) => n.use === 'official') ?? names.find((n) => n.use === 'usual') ?? names.find((n) => n.use !== 'old') ?? names[0];
}

function displayName(n: HumanName | undefined): string {
  if (!n) return '';
  if (n.text) return n.text;
  return [...(n.given ?? []), n.family].filter(Boolean).join(' ');
}

function typeCode(i: Identifier): string | undefined {
  return i.type?.coding?.find((c) => c.code)?.code ?? i.type?.text;
}

function masked(i: Identifier): string {
  const v = i.value ?? '';
  return isNationalIdentifier(i as Record<string, unknown>) ? `***${v.slice(-4)}` : v;
}

export function patientSummary(m: PatientLookupMatch): PatientSummary {
  const p = JSON.parse(m.stored.json) as Patient;
  const name = preferredName(p.name);
  const identifiers = (p.identifier ?? [])
    .filter((i) => i.value)
    .map((i) => ({ ...(i.system ? { system: i.system } : {}), ...(typeCode(i) ? { type: typeCode(i)! } : {}), value: masked(i) }));
  const phones = (p.telecom ?? []).filter((t) => t.system === 'phone' && t.value && !t.period?.end);
  const phone = [...phones].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))[0]?.value;
  const address = p.address?.find((a) => a.use === 'home' && a.city) ?? p.address?.find((a) => a.city);
  return {
    id: m.stored.id,
    score: m.score,
    matches: m.matches,
    name: displayName(name),
    ...(name?.family ? { family: name.family } : {}),
    given: name?.given ?? [],
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(p.gender ? { gender: p.gender } : {}),
    active: p.active !== false,
    deceased: isDeceased(p),
    ...(identifiers.find((i) => i.type === 'MR') ? { mrn: identifiers.find((i) => i.type === 'MR')!.value } : {}),
    identifiers,
    ...(phone ? { phone } : {}),
    ...(address?.city ? { city: address.city } : {}),
  };
}
