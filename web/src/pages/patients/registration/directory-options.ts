/** Choices the form offers from the directory: practitioners for the GP, insurers for coverage. */
import { useQuery } from '@tanstack/react-query';
import type { Organization, Practitioner } from '@medplum/fhirtypes';
import { fhirSearch } from '../../../api/fhir.ts';

export interface Option {
  value: string;
  label: string;
}

const nameOf = (p: Practitioner) => {
  const n = p.name?.[0];
  return n ? [...(n.prefix ?? []), ...(n.given ?? []), n.family].filter(Boolean).join(' ') : (p.id ?? '');
};

export function usePractitionerOptions() {
  return useQuery({
    queryKey: ['directory', 'practitioners'],
    queryFn: async ({ signal }) => {
      const r = await fhirSearch<Practitioner>('Practitioner', { _count: '200', _sort: 'family', active: 'true' }, signal);
      return r.matches.map<Option>((p) => ({ value: p.id!, label: nameOf(p) }));
    },
    staleTime: 5 * 60_000,
  });
}

export function useInsurerOptions() {
  return useQuery({
    queryKey: ['directory', 'insurers'],
    queryFn: async ({ signal }) => {
      const r = await fhirSearch<Organization>('Organization', { type: 'pay,ins', _count: '200', _sort: 'name' }, signal);
      return r.matches.map<Option>((o) => ({ value: o.id!, label: o.name ?? o.id! }));
    },
    staleTime: 5 * 60_000,
  });
}
