/**
 * What an account's roles mean and which links they need, as docs/access-control.md and
 * src/access/accounts.ts define them. The form checks these as the admin types so most
 * mistakes never reach the server; the server checks them again (and whether the linked
 * resources exist, which only it can).
 */
import type { Role } from '../../api/auth.ts';
import type { LinkField } from './admin-api.ts';

export const ROLE_INFO: { value: Role; label: string; description: string }[] = [
  { value: 'admin', label: 'Administrator', description: 'Accounts, settings, every record. Must use two-factor sign-in.' },
  { value: 'doctor', label: 'Doctor', description: 'Clinical records of their patients. Link a Practitioner.' },
  { value: 'nurse', label: 'Nurse', description: 'Clinical records of their patients. Link a Practitioner.' },
  { value: 'receptionist', label: 'Receptionist', description: 'Registration, appointments, insurance cards.' },
  { value: 'billing', label: 'Billing', description: 'Claims, invoices, payments.' },
  { value: 'pharmacist', label: 'Pharmacist', description: 'Medications and dispensing.' },
  { value: 'lab', label: 'Laboratory', description: 'Orders, specimens, results.' },
  { value: 'insurer', label: 'Insurer', description: 'Claims sent to their organization. Requires an Organization link.' },
  { value: 'patient', label: 'Patient (portal)', description: 'Their own record only. Requires a Patient link; no other role.' },
  { value: 'auditor', label: 'Auditor (privacy officer)', description: 'Audit log and break-glass review; nothing clinical.' },
];

export const roleLabel = (role: string) => ROLE_INFO.find((r) => r.value === role)?.label ?? role;

/** The label without its explanation in brackets, for badges in narrow table cells. */
export const roleShortLabel = (role: string) => roleLabel(role).replace(/\s*\(.*\)$/, '');

export const LINK_INFO: { field: LinkField; label: string; resourceType: string; hint: string }[] = [
  {
    field: 'patientId',
    label: 'Patient id',
    resourceType: 'Patient',
    hint: 'Required for a patient account; for a proxy, the patient they act for.',
  },
  {
    field: 'relatedPersonId',
    label: 'Related person id',
    resourceType: 'RelatedPerson',
    hint: 'For a proxy (a parent or carer): who they are.',
  },
  {
    field: 'practitionerId',
    label: 'Practitioner id',
    resourceType: 'Practitioner',
    hint: 'For doctors and nurses: their care relationships follow it.',
  },
  {
    field: 'organizationId',
    label: 'Organization id',
    resourceType: 'Organization',
    hint: 'Required for an insurer; for clinicians, the patients of their organization.',
  },
];

export const LINK_FIELDS: LinkField[] = LINK_INFO.map((l) => l.field);

const USERNAME = /^[a-zA-Z0-9][a-zA-Z0-9._@-]{2,63}$/;
const LINK_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function usernameProblem(value: string): string | null {
  if (!value.trim()) return 'Enter a username';
  return USERNAME.test(value) ? null : '3 to 64 characters: letters, digits, . _ @ -, starting with a letter or digit';
}

export function rolesProblem(roles: readonly Role[]): string | null {
  if (!roles.length) return 'Choose at least one role';
  if (roles.includes('patient') && roles.length > 1) return 'A patient account holds no other role';
  return null;
}

/** The link a role set cannot do without, as the server requires it. */
export function requiredLinks(roles: readonly Role[]): Set<LinkField> {
  const needed = new Set<LinkField>();
  if (roles.includes('patient')) needed.add('patientId');
  if (roles.includes('insurer')) needed.add('organizationId');
  return needed;
}

/** Links that the roles use but can go without (a clinician without a Practitioner sees no patients by care relationship). */
export function suggestedLinks(roles: readonly Role[]): Set<LinkField> {
  const suggested = new Set<LinkField>();
  if (roles.includes('doctor') || roles.includes('nurse')) {
    suggested.add('practitionerId');
    suggested.add('organizationId');
  }
  return suggested;
}

export function linkProblem(field: LinkField, value: string, roles: readonly Role[]): string | null {
  const id = value.trim();
  if (!id) {
    if (!requiredLinks(roles).has(field)) return null;
    return field === 'patientId'
      ? 'A patient account must be linked to its Patient'
      : 'An insurer account must be linked to its Organization';
  }
  return LINK_ID.test(id) ? null : 'A resource id: letters, digits, - and . only (up to 64)';
}

/** The form's values for the account fields both the create and the edit form hold. */
export interface AccountFieldValues {
  displayName: string;
  roles: Role[];
  patientId: string;
  relatedPersonId: string;
  practitionerId: string;
  organizationId: string;
}

/** Mantine useForm rules for those fields. */
export const accountFieldRules = {
  roles: (value: Role[]) => rolesProblem(value),
  patientId: (value: string, values: AccountFieldValues) => linkProblem('patientId', value, values.roles),
  relatedPersonId: (value: string, values: AccountFieldValues) => linkProblem('relatedPersonId', value, values.roles),
  practitionerId: (value: string, values: AccountFieldValues) => linkProblem('practitionerId', value, values.roles),
  organizationId: (value: string, values: AccountFieldValues) => linkProblem('organizationId', value, values.roles),
  displayName: (value: string) => (value.length > 200 ? 'At most 200 characters' : null),
};
