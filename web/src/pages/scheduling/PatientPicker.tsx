/**
 * Choosing the patient to book: the reception's one-box lookup (PatientLookupChoice).
 * Inactive and deceased records are shown but cannot be chosen.
 */
import { PatientLookupChoice } from '../patients/PatientLookupChoice.tsx';
import type { PatientSummary } from '../patients/patient-api.ts';

export type { PatientSummary };

export function PatientPicker({
  value,
  onChange,
  error,
}: {
  value: PatientSummary | undefined;
  onChange: (p: PatientSummary) => void;
  error?: string;
}) {
  return (
    <PatientLookupChoice
      purpose="booking"
      inputLabel="Find the patient"
      inputDescription="Name, birth date, MRN or phone."
      choiceLabel="Patient"
      limit={8}
      value={value}
      onChange={onChange}
      error={error}
      canChoose={(r) => r.active && !r.deceased}
      inactiveLabel="inactive"
      details={(r, date) => [r.birthDate && `born ${date(r.birthDate)}`, r.mrn && `MRN ${r.mrn}`, r.phone]}
      foundText={(n) => (n === 0 ? 'No patient found.' : `${n} found: choose one.`)}
      chosenText={(chosen) => `Booking for ${chosen.name}.`}
    />
  );
}
