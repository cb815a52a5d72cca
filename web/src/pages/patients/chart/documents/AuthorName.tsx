/** A document's author: the server gives "Practitioner/<id>"; the reader wants the name. */
import { useFormat } from '../../../../i18n/locale.tsx';
import { usePractitioner } from '../chart-queries.ts';

export function AuthorName({ reference }: { reference: string | undefined }) {
  const format = useFormat();
  const id = reference?.startsWith('Practitioner/') ? reference.slice('Practitioner/'.length) : undefined;
  const practitioner = usePractitioner(id);
  if (!reference) return <>Not recorded</>;
  if (!id) return <>{reference}</>;
  if (practitioner.data) return <>{format.name(practitioner.data.name?.[0]) || reference}</>;
  return <>{practitioner.isError ? reference : '…'}</>;
}
