/**
 * A record's status: deactivated (a duplicate not yet merged, a registration in error) with
 * a reason, reactivated, or marked deceased. Each is one update of the Patient through the
 * store, with If-Match on the version just read so a concurrent edit is not overwritten;
 * a death also cancels what is booked after it, in the same transaction.
 * The deactivation reason has no R4 element; it is kept in a Hale extension on the Patient
 * (its history shows who set it, when).
 */
import type { Appointment, Patient } from '@medplum/fhirtypes';
import { conflict } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { FhirResource } from '../../fhir/store/stored-resource.ts';
import { FieldErrors, isObject, pastDateTime, text, unknownKeys } from './field-errors.ts';
import { EXTENSION } from './registration-codes.ts';
import { mergedInto, readResource } from './store-reads.ts';
import { cancelAfterDeath } from '../scheduling/cancel-after-death.ts';
import { disablePatientAccounts } from '../../access/accounts.ts';

async function change(repo: FhirRepository, id: string, edit: (p: Patient) => Patient): Promise<Patient> {
  const current = await readResource<Patient>(repo, 'Patient', id);
  const next = edit(current);
  const r = await repo.update('Patient', id, next as FhirResource, Number(current.meta!.versionId));
  return JSON.parse(r.stored.json) as Patient;
}

function reasonOf(body: unknown, required: boolean): string | undefined {
  const errors = new FieldErrors();
  const b = isObject(body) ? body : {};
  unknownKeys(errors, b, '', ['reason']);
  const reason = text(errors, b.reason, 'reason', { required, max: 500 });
  if (reason !== undefined && reason.length < 3) errors.add('reason', 'must say why, in at least 3 characters');
  errors.throwIfAny('The request');
  return reason;
}

const withoutReason = (p: Patient) => (p.extension ?? []).filter((e) => e.url !== EXTENSION.deactivationReason);

export async function deactivatePatient(repo: FhirRepository, id: string, body: unknown): Promise<Patient> {
  const reason = reasonOf(body, true)!;
  return change(repo, id, (p) => {
    if (mergedInto(p)) throw conflict(`Patient/${id} was merged into Patient/${mergedInto(p)} and is inactive already`);
    if (p.active === false) throw conflict(`Patient/${id} is inactive already`);
    return { ...p, active: false, extension: [...withoutReason(p), { url: EXTENSION.deactivationReason, valueString: reason }] };
  });
}

export async function reactivatePatient(repo: FhirRepository, id: string, body: unknown): Promise<Patient> {
  reasonOf(body, false);
  return change(repo, id, (p) => {
    const survivor = mergedInto(p);
    if (survivor) throw conflict(`Patient/${id} was merged into Patient/${survivor}; undo the merge to bring it back`);
    if (p.active !== false) throw conflict(`Patient/${id} is active already`);
    const { extension: _e, ...rest } = p;
    const extension = withoutReason(p);
    return { ...rest, active: true, ...(extension.length ? { extension } : {}) };
  });
}

export interface DeathRecorded {
  patient: Patient;
  /** The open appointments and waiting-list places from the time of death on, now cancelled. */
  cancelledAppointments: Appointment[];
  /** The portal accounts to the record (the patient's own, proxies'), now disabled and signed out. */
  closedPortalAccounts: { id: string; username: string }[];
}

/**
 * Records (or corrects) a death. In the same transaction the patient's open appointments
 * from then on are cancelled without a message to the patient (cancel-after-death.ts): a
 * record that says deceased never has a booked visit ahead of it. The portal accounts to the
 * record (the patient's own and proxies') are disabled and signed out; an administrator can
 * enable one again (a death recorded in error, a personal representative given access).
 */
export async function markDeceased(repo: FhirRepository, id: string, body: unknown, now = new Date()): Promise<DeathRecorded> {
  const errors = new FieldErrors();
  const b = isObject(body) ? body : {};
  unknownKeys(errors, b, '', ['dateTime']);
  const dateTime = pastDateTime(errors, b.dateTime, 'dateTime');
  errors.throwIfAny('The request');
  return repo.inTransaction(async (tx) => {
    const patient = await change(tx, id, (p) => {
      if (mergedInto(p)) throw conflict(`Patient/${id} was merged into Patient/${mergedInto(p)}; record the death on that record`);
      if (p.birthDate && dateTime!.slice(0, 10) < p.birthDate) {
        const e = new FieldErrors();
        e.add('dateTime', `cannot be before the date of birth (${p.birthDate})`);
        e.throwIfAny('The request');
      }
      const { deceasedBoolean: _b, ...rest } = p;
      return { ...rest, deceasedDateTime: dateTime! };
    });
    const cancelledAppointments = await cancelAfterDeath(tx, id, dateTime!, now);
    return { patient, cancelledAppointments, closedPortalAccounts: await disablePatientAccounts(tx.db, id) };
  });
}
