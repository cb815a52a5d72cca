/**
 * The pick lists of the scheduling screens, from the FHIR directory the user may read:
 * practitioners (with their departments and specialties, from PractitionerRole), departments
 * (the Organizations of those roles), rooms (Locations), services (HealthcareService), and
 * who and which rooms have availability (active Schedules), so the screens can start on
 * someone with a calendar.
 */
import { useQuery } from '@tanstack/react-query';
import type { HealthcareService, Location, Organization, Practitioner, PractitionerRole, Schedule } from '@medplum/fhirtypes';
import { fhirSearch } from '../../api/fhir.ts';

export interface Named {
  id: string;
  name: string;
}

export interface PractitionerOption extends Named {
  departmentIds: string[];
  specialties: { token: string; label: string }[];
}

export interface RoomOption extends Named {
  timeZone?: string;
}

export interface ServiceOption extends Named {
  /** The providing organization's name, when known. */
  provider?: string;
  minutes?: number;
  types: string[];
}

export interface Directory {
  practitioners: PractitionerOption[];
  departments: Named[];
  rooms: RoomOption[];
  services: ServiceOption[];
  specialties: { token: string; label: string }[];
  /** Practitioner and Location ids that have active availability. */
  scheduled: Set<string>;
}

const TZ = 'http://hl7.org/fhir/StructureDefinition/timezone';
const SD = 'https://hale.health/fhir/StructureDefinition';

export function practitionerName(p: Practitioner): string {
  const n = p.name?.find((x) => x.use === 'official') ?? p.name?.[0];
  if (!n) return p.id ?? 'Practitioner';
  const parts = [...(n.prefix ?? []), ...(n.given ?? []), n.family].filter(Boolean);
  return parts.length ? parts.join(' ') : (n.text ?? p.id ?? 'Practitioner');
}

const byName = <T extends Named>(a: T, b: T) => a.name.localeCompare(b.name);

function serviceMinutes(s: HealthcareService): number | undefined {
  const d = s.extension?.find((e) => e.url === `${SD}/service-duration`)?.valueDuration;
  if (!d?.value) return undefined;
  return d.code === 'h' || d.unit === 'h' ? d.value * 60 : d.value;
}

export async function loadDirectory(signal?: AbortSignal): Promise<Directory> {
  const [roles, practitioners, locations, services, schedules] = await Promise.all([
    fhirSearch<PractitionerRole>(
      'PractitionerRole',
      { _count: '500', _include: ['PractitionerRole:organization', 'PractitionerRole:practitioner'] },
      signal,
    ),
    fhirSearch<Practitioner>('Practitioner', { _count: '500' }, signal),
    fhirSearch<Location>('Location', { _count: '500', _sort: 'name' }, signal),
    fhirSearch<HealthcareService>('HealthcareService', { _count: '500', _sort: 'name' }, signal),
    fhirSearch<Schedule>('Schedule', { _count: '500', active: 'true' }, signal),
  ]);
  const scheduled = new Set(schedules.matches.flatMap((s) => (s.actor ?? []).map((a) => a.reference?.split('/')[1] ?? '')).filter(Boolean));

  const people = new Map<string, PractitionerOption>();
  const specialties = new Map<string, string>();
  for (const p of practitioners.matches) people.set(p.id!, { id: p.id!, name: practitionerName(p), departmentIds: [], specialties: [] });
  const departments = new Map<string, Named>();
  for (const role of roles.matches) {
    const pid = role.practitioner?.reference?.split('/')[1];
    if (!pid) continue;
    const included = roles.included.get(`Practitioner/${pid}`) as Practitioner | undefined;
    const person = people.get(pid) ?? {
      id: pid,
      name: included ? practitionerName(included) : (role.practitioner?.display ?? pid),
      departmentIds: [],
      specialties: [],
    };
    people.set(pid, person);
    const orgRef = role.organization?.reference;
    if (orgRef) {
      const orgId = orgRef.split('/')[1]!;
      const org = roles.included.get(orgRef) as Organization | undefined;
      departments.set(orgId, { id: orgId, name: org?.name ?? role.organization?.display ?? orgId });
      if (!person.departmentIds.includes(orgId)) person.departmentIds.push(orgId);
    }
    for (const s of role.specialty ?? []) {
      const c = s.coding?.[0];
      if (!c?.code) continue;
      const token = c.system ? `${c.system}|${c.code}` : c.code;
      const label = c.display ?? s.text ?? c.code;
      specialties.set(token, label);
      if (!person.specialties.some((x) => x.token === token)) person.specialties.push({ token, label });
    }
  }

  const allLocations = locations.matches.map<RoomOption>((l) => ({
    id: l.id!,
    name: l.name ?? l.id!,
    timeZone: l.extension?.find((e) => e.url === TZ)?.valueCode,
  }));
  // Rooms: consulting rooms, and any place with a zone or a schedule (wards and buildings are not booked).
  const isRoom = (l: Location) =>
    l.physicalType?.coding?.some((c) => c.code === 'ro') || l.extension?.some((e) => e.url === TZ) || scheduled.has(l.id!);
  const rooms = allLocations.filter((_, i) => isRoom(locations.matches[i]!));

  return {
    practitioners: [...people.values()].sort(byName),
    departments: [...departments.values()].sort(byName),
    rooms: (rooms.length ? rooms : allLocations).sort(byName),
    services: services.matches
      .map<ServiceOption>((s) => ({
        id: s.id!,
        name: s.name ?? s.id!,
        provider: s.providedBy?.display ?? departments.get(s.providedBy?.reference?.split('/')[1] ?? '')?.name,
        minutes: serviceMinutes(s),
        types: (s.extension ?? []).filter((e) => e.url === `${SD}/service-appointment-type`).map((e) => e.valueCode ?? ''),
      }))
      .sort(byName),
    specialties: [...specialties.entries()].map(([token, label]) => ({ token, label })).sort((a, b) => a.label.localeCompare(b.label)),
    scheduled,
  };
}

export function useDirectory() {
  return useQuery({ queryKey: ['scheduling', 'directory'], queryFn: ({ signal }) => loadDirectory(signal), staleTime: 5 * 60_000 });
}

/** A service as a pick list shows it: name, length, and whose it is when several share a name. */
export function serviceLabel(s: ServiceOption, all: ServiceOption[]): string {
  const shared = all.filter((x) => x.name === s.name).length > 1;
  return [s.name, s.minutes ? `(${s.minutes} min)` : '', shared && s.provider ? `· ${s.provider}` : ''].filter(Boolean).join(' ');
}
