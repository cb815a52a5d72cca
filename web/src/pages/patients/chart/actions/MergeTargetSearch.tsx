/**
 * Picking the record to keep in a merge: the reception lookup (PatientLookupChoice). This
 * record is left out, and an inactive record cannot be chosen: the server refuses to merge
 * into one.
 */
import { PatientLookupChoice } from '../../PatientLookupChoice.tsx';
import type { PatientSummary } from '../../patient-api.ts';

export function MergeTargetSearch({
  excludeId,
  value,
  onChange,
  error,
}: {
  excludeId: string;
  value: PatientSummary | undefined;
  onChange: (target: PatientSummary) => void;
  error?: string;
}) {
  return (
    <PatientLookupChoice
      purpose="merge"
      inputLabel="Find the record to keep"
      inputDescription="Name, birth date, MRN or phone of the other record."
      choiceLabel="Record to keep"
      limit={10}
      excludeId={excludeId}
      value={value}
      onChange={onChange}
      error={error}
      canChoose={(r) => r.active}
      inactiveLabel="inactive: cannot be kept"
      details={(r, date) => [r.birthDate && `born ${date(r.birthDate)}`, r.gender, r.mrn && `MRN ${r.mrn}`, r.phone, r.city]}
      foundText={(n) => (n === 0 ? 'No other record found' : `${n} found`)}
    />
  );
}
