/** "into Ms. Amelia Rose Hartmann": the record a merged one now lives in, as a link, named by a plain FHIR read. */
import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { useFormat } from '../../../../i18n/locale.tsx';
import { useOtherPatient } from '../chart-queries.ts';

export function useSurvivorName(targetId: string): string | undefined {
  const format = useFormat();
  const target = useOtherPatient(targetId);
  const official = target.data?.name?.find((n) => n.use === 'official') ?? target.data?.name?.[0];
  return official ? format.name(official) : undefined;
}

export function MergedIntoLink({ targetId, prefix = 'into ' }: { targetId: string; prefix?: string }) {
  const name = useSurvivorName(targetId);
  return (
    <Anchor component={Link} to={`/patients/${targetId}`} size="sm" fw={600}>
      {prefix}
      {name ?? 'the surviving record'}
    </Anchor>
  );
}
