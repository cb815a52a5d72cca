/**
 * The duplicate check while registering: once the form holds enough to tell people apart
 * (a family name with a birth date, a phone or an identifier), the server is asked for
 * likely matches, a moment after the user stops typing.
 */
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { findDuplicates, type PartialRegistration } from '../patient-api.ts';
import type { FormValues } from './form-values.ts';

export function duplicateProbe(v: FormValues): PartialRegistration | undefined {
  const family = v.name.family.trim();
  const phones = v.phones
    .filter((p) => p.value.replace(/\D/g, '').length >= 7)
    .map((p) => ({ use: p.use as 'mobile', value: p.value.trim() }));
  const identifiers = v.identifiers
    .filter((i) => i.value.trim().length >= 4)
    .map((i) => ({ type: i.type as 'national', value: i.value.trim() }));
  const birthDate = /^\d{4}-\d{2}-\d{2}$/.test(v.birthDate) ? v.birthDate : undefined;
  if (!(family && (birthDate || phones.length)) && !identifiers.length) return undefined;
  return {
    name: { family, given: v.name.given.trim().split(/\s+/).filter(Boolean) },
    ...(birthDate ? { birthDate } : {}),
    ...(v.sex ? { sex: v.sex as 'male' } : {}),
    phones,
    identifiers,
    ...(v.email.trim() ? { email: v.email.trim() } : {}),
  };
}

export function useDuplicateCheck(values: FormValues, excludeId?: string) {
  const probe = duplicateProbe(values);
  const [debounced] = useDebouncedValue(probe ? JSON.stringify(probe) : '', 400);
  return useQuery({
    queryKey: ['patients', 'duplicates', debounced, excludeId ?? ''],
    queryFn: async ({ signal }) => (await findDuplicates(JSON.parse(debounced) as PartialRegistration, signal, excludeId)).candidates,
    enabled: debounced !== '',
    staleTime: 30_000,
  });
}
