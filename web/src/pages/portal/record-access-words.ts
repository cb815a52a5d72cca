/**
 * The audit trail in a patient's words: "Opened your test results" rather than
 * "read Observation". Opening a chart touches many records in a few seconds (the details,
 * the problems, the results...), so one person's sitting is shown as one line listing what
 * they looked at.
 */
import type { RecordAccess } from './record-access-api.ts';

/** What each kind of record is to the patient; others fall back to their type name in words. */
const RECORD_WORDS: Record<string, string> = {
  Patient: 'personal details',
  Observation: 'test results and measurements',
  Condition: 'health problems',
  AllergyIntolerance: 'allergies',
  MedicationRequest: 'prescriptions',
  MedicationStatement: 'medicines',
  MedicationAdministration: 'medicines given',
  MedicationDispense: 'medicines dispensed',
  Immunization: 'vaccinations',
  Procedure: 'procedures',
  DiagnosticReport: 'test reports',
  ServiceRequest: 'test and referral orders',
  Encounter: 'visits',
  EpisodeOfCare: 'episodes of care',
  Appointment: 'appointments',
  DocumentReference: 'documents and notes',
  CarePlan: 'care plans',
  CareTeam: 'care team',
  Goal: 'goals',
  Coverage: 'insurance',
  Claim: 'insurance claims',
  ExplanationOfBenefit: 'insurance statements',
  Invoice: 'bills',
  Account: 'billing account',
  Consent: 'consents',
  RelatedPerson: 'family and contacts',
  Communication: 'messages',
  Flag: 'alerts',
  ImagingStudy: 'scans and images',
};

export function recordWords(resourceType: string | undefined): string {
  if (!resourceType) return 'record';
  // "FamilyMemberHistory" -> "family member history"
  return RECORD_WORDS[resourceType] ?? resourceType.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const ROLE_WORDS: Record<string, string> = {
  admin: 'Administrator',
  doctor: 'Doctor',
  nurse: 'Nurse',
  receptionist: 'Reception',
  billing: 'Billing',
  pharmacist: 'Pharmacist',
  lab: 'Laboratory',
  insurer: 'Insurer',
  auditor: 'Auditor',
  patient: 'Patient',
};

export function roleWords(roles: readonly string[]): string {
  return roles.map((r) => ROLE_WORDS[r] ?? r).join(', ');
}

/** What was done, as a sentence about "your" record. */
export function accessWords(a: Pick<RecordAccess, 'action' | 'outcome' | 'resourceType'>): string {
  const what = recordWords(a.resourceType);
  switch (a.action) {
    case 'break-glass':
      return 'Opened your record in an emergency';
    case 'permission-denied':
      return `Tried to open your ${what} and was refused`;
    case 'read':
    case 'vread':
      return `Opened your ${what}`;
    case 'search':
      return `Looked through your ${what}`;
    case 'history':
      return `Looked at earlier versions of your ${what}`;
    case 'everything':
      return 'Opened your whole record';
    case 'create':
      return `Added to your ${what}`;
    case 'update':
    case 'patch':
      return `Changed your ${what}`;
    case 'delete':
      return `Removed from your ${what}`;
    case 'transaction':
      return 'Recorded several changes to your record';
    case 'export':
      return 'Exported your record';
    case 'print':
      return 'Printed your record';
    case 'account':
      return 'Changed who can use the portal for your record';
    case 'appointment-overbook':
      return 'Booked you an appointment beyond the schedule';
    default:
      return `${a.action.replace(/-/g, ' ')} (${what})`;
  }
}

/**
 * One sitting of one person: their consecutive accesses, each within VISIT_GAP_MS of the
 * next, with what they did in it (each kind of access once, newest first).
 */
export interface AccessLine {
  /** The newest access of the sitting. */
  access: RecordAccess;
  /** When the sitting began (the list is newest first). */
  since: string;
  times: number;
  doings: string[];
}

/** Accesses further apart than this are separate sittings, even by the same person. */
export const VISIT_GAP_MS = 15 * 60_000;

const samePerson = (a: RecordAccess['who'], b: RecordAccess['who']) =>
  a.name === b.name && !!a.you === !!b.you && !!a.automatic === !!b.automatic && a.roles.join() === b.roles.join();

/** An emergency access and a refusal are always lines of their own: they are what a patient looks for. */
const standsAlone = (a: RecordAccess) => !!a.emergency || a.outcome !== 'success';

export function accessLines(accesses: readonly RecordAccess[]): AccessLine[] {
  const lines: AccessLine[] = [];
  for (const a of accesses) {
    const last = lines[lines.length - 1];
    if (
      last &&
      !standsAlone(a) &&
      !standsAlone(last.access) &&
      samePerson(last.access.who, a.who) &&
      Date.parse(last.since) - Date.parse(a.when) <= VISIT_GAP_MS
    ) {
      last.since = a.when;
      last.times++;
      const words = accessWords(a);
      if (!last.doings.includes(words)) last.doings.push(words);
    } else lines.push({ access: a, since: a.when, times: 1, doings: [accessWords(a)] });
  }
  return lines;
}
