/** The worklists of the role homes, as FHIR searches the server filters by the user's access. */
import { useQuery } from '@tanstack/react-query';
import type { Appointment, Encounter, Patient, Resource } from '@medplum/fhirtypes';
import { fhirSearch, todayDate } from '../../api/fhir.ts';

export interface PatientRow {
  patientId?: string;
  patient?: Patient;
  when?: string;
  status?: string;
  detail?: string;
}

function patientOf(ref: string | undefined, included: Map<string, Resource>): Patient | undefined {
  return ref ? (included.get(ref) as Patient | undefined) : undefined;
}

/** Today's appointments, for everyone or for one practitioner. */
export function useTodaysAppointments(practitionerId?: string) {
  return useQuery({
    queryKey: ['home', 'appointments', todayDate(), practitionerId ?? 'all'],
    queryFn: async ({ signal }) => {
      const r = await fhirSearch<Appointment>(
        'Appointment',
        {
          date: todayDate(),
          _sort: 'date',
          _count: '100',
          _include: 'Appointment:patient',
          ...(practitionerId ? { practitioner: `Practitioner/${practitionerId}` } : {}),
        },
        signal,
      );
      return r.matches.map<PatientRow>((a) => {
        const ref = a.participant?.find((p) => p.actor?.reference?.startsWith('Patient/'))?.actor?.reference;
        return {
          patientId: ref?.slice(8),
          patient: patientOf(ref, r.included),
          when: a.start,
          status: a.status,
          detail: a.appointmentType?.text ?? a.description,
        };
      });
    },
  });
}

/** Encounters going on now: inpatients on the wards (class IMP) or any in progress for a practitioner. */
export function useEncountersInProgress(opts: { practitionerId?: string; inpatient?: boolean }) {
  return useQuery({
    queryKey: ['home', 'encounters', opts],
    queryFn: async ({ signal }) => {
      const r = await fhirSearch<Encounter>(
        'Encounter',
        {
          status: 'in-progress',
          _count: '100',
          _sort: '-date',
          _include: 'Encounter:subject',
          ...(opts.inpatient ? { class: 'IMP' } : {}),
          ...(opts.practitionerId ? { participant: `Practitioner/${opts.practitionerId}` } : {}),
        },
        signal,
      );
      return r.matches.map<PatientRow>((e) => ({
        patientId: e.subject?.reference?.slice(8),
        patient: patientOf(e.subject?.reference, r.included),
        when: e.period?.start,
        status: e.status,
        detail: e.location?.[0]?.location?.display ?? e.type?.[0]?.text ?? e.class?.display ?? e.class?.code,
      }));
    },
  });
}

/** A count of resources matching a search, for the figures on a home page. */
export function useCount(resourceType: Resource['resourceType'], params: Record<string, string>) {
  return useQuery({
    queryKey: ['home', 'count', resourceType, params],
    queryFn: async ({ signal }) => (await fhirSearch(resourceType, { ...params, _summary: 'count' }, signal)).total ?? 0,
  });
}
