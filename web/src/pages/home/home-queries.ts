/**
 * The worklists of the role homes: FHIR searches the server filters by the user's access, and
 * the reception's day from the scheduling list (today in the browser's zone).
 */
import { useQuery } from '@tanstack/react-query';
import type { Encounter, Patient, Resource } from '@medplum/fhirtypes';
import { fhirSearch, todayDate } from '../../api/fhir.ts';
import { listAppointments, type AppointmentList } from '../scheduling/scheduling-api.ts';
import { TODAY_COLUMNS } from '../scheduling/status.ts';

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

/** The site's day for the reception (today in the browser's zone), read again every 30 s. */
function todayListQuery<T>(select: (list: AppointmentList) => T) {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const date = todayDate();
  return {
    queryKey: ['scheduling', 'today', date, {}],
    queryFn: ({ signal }: { signal: AbortSignal }) => listAppointments({ date, tz }, signal),
    refetchInterval: 30_000,
    refetchOnWindowFocus: true,
    select,
  };
}

/** How many of today's appointments are in one state of the reception list ('expected', 'arrived', ...). */
export function useTodayCount(column: string) {
  const statuses = TODAY_COLUMNS.find((c) => c.key === column)?.statuses ?? [];
  return useQuery(todayListQuery((l) => l.appointments.filter((a) => statuses.includes(a.status)).length));
}

/** Today's patients still expected, in time order, as worklist rows. */
export function useExpectedToday() {
  return useQuery(
    todayListQuery((l) =>
      l.appointments
        .filter((a) => a.status === 'booked' || a.status === 'pending')
        .map<PatientRow>((a) => ({
          patientId: a.patient?.id,
          patient: a.patient?.display ? { resourceType: 'Patient', name: [{ text: a.patient.display }] } : undefined,
          when: a.start,
          detail: a.practitioner?.display,
        })),
    ),
  );
}
