/**
 * The server names each changed value by its JSON path in the FHIR Patient
 * (`name[0].given[1]`); a reader wants "Name 1 › given 2". The raw path stays available
 * (as a tooltip) for whoever needs the exact element.
 */
const TOP_LEVEL: Record<string, string> = {
  resourceType: 'Resource type',
  id: 'Record id',
  name: 'Name',
  telecom: 'Phone or email',
  address: 'Address',
  birthDate: 'Birth date',
  gender: 'Sex',
  identifier: 'Identifier',
  contact: 'Emergency contact',
  extension: 'Extension',
  maritalStatus: 'Marital status',
  communication: 'Language',
  photo: 'Photo',
  active: 'Active',
  deceasedDateTime: 'Date of death',
  deceasedBoolean: 'Deceased',
  link: 'Linked record',
  generalPractitioner: 'General practitioner',
  managingOrganization: 'Managing organization',
  multipleBirthBoolean: 'Multiple birth',
  multipleBirthInteger: 'Birth order',
  text: 'Narrative',
};

/** camelCase -> words: "valueString" -> "value string". */
const words = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

export function readablePath(path: string): string {
  return path
    .split('.')
    .map((segment, i) => {
      const m = /^([^[]+)((?:\[\d+\])*)$/.exec(segment);
      if (!m) return segment;
      const name = i === 0 ? (TOP_LEVEL[m[1]] ?? words(m[1])) : words(m[1]);
      // Positions count from 1 for people; nested positions (coding[0]) likewise.
      const positions = [...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]) + 1);
      return [name, ...positions].join(' ');
    })
    .join(' › ');
}

/** A changed value as text; null (absent) is shown by the caller as "empty". */
export function valueText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
