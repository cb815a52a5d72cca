/**
 * The two records of a merge side by side, so the user checks they are one person before
 * anything moves. Rows that differ are marked; national ids show their last 4 characters only.
 */
import { Badge, Table, Text } from '@mantine/core';
import { useFormat } from '../../../../i18n/locale.tsx';
import type { ChartSummary, PatientSummary, RegistrationRead } from '../chart-api.ts';
import { SEX_LABEL, label } from '../labels.ts';
import { ColumnHeads } from '../../../../components/ColumnHeads.tsx';

interface Side {
  name: string;
  birthDate?: string;
  sex?: string;
  mrn?: string;
  phone?: string;
  city?: string;
  identifiers: string[];
  status: string;
}

const IDENTIFIER_WORD: Record<string, string> = {
  SS: 'National id',
  NI: 'National id',
  national: 'National id',
  PPN: 'Passport',
  passport: 'Passport',
  DL: "Driver's licence",
};
const masked = (v: string) => (v.length > 4 ? `***${v.slice(-4)}` : v);

export function sourceSide(summary: ChartSummary, registration: RegistrationRead | undefined): Side {
  const p = summary.patient;
  return {
    name: p.name,
    birthDate: p.birthDate,
    sex: p.sex,
    mrn: p.mrn,
    phone: registration?.phones?.[0]?.value,
    city: registration?.addresses?.find((a) => a.city)?.city,
    identifiers: (registration?.identifiers ?? []).map(
      (i) => `${IDENTIFIER_WORD[i.type] ?? 'Other'} ${i.type === 'national' ? masked(i.value) : i.value}`,
    ),
    status: p.mergedInto ? 'merged' : p.active ? 'active' : 'inactive',
  };
}

export function targetSide(t: PatientSummary): Side {
  return {
    name: t.name,
    birthDate: t.birthDate,
    sex: t.gender,
    mrn: t.mrn,
    phone: t.phone,
    city: t.city,
    // The lookup masks national ids already; the MRN has its own row.
    identifiers: t.identifiers.filter((i) => i.type !== 'MR').map((i) => `${(i.type && IDENTIFIER_WORD[i.type]) ?? 'Other'} ${i.value}`),
    status: t.active ? 'active' : 'inactive',
  };
}

export function MergeCompare({ source, target }: { source: Side; target: Side }) {
  const format = useFormat();
  const rows: [string, string, string][] = [
    ['Name', source.name, target.name],
    ['Born', format.date(source.birthDate), format.date(target.birthDate)],
    ['Sex', label(SEX_LABEL, source.sex), label(SEX_LABEL, target.sex)],
    ['MRN', source.mrn ?? '', target.mrn ?? ''],
    ['Phone', source.phone ?? '', target.phone ?? ''],
    ['City', source.city ?? '', target.city ?? ''],
    ['Identifiers', source.identifiers.join(', '), target.identifiers.join(', ')],
    ['Status', source.status, target.status],
  ];
  return (
    <Table withTableBorder withColumnBorders captionSide="top" layout="fixed">
      <Table.Caption>The two records side by side</Table.Caption>
      <ColumnHeads
        columns={[{ label: 'Field', width: 120, hidden: true }, { label: 'This record (merged away)' }, { label: 'Record to keep' }]}
      />
      <Table.Tbody>
        {rows.map(([field, a, b]) => {
          // MRN and status always differ between two records; only the rest says something.
          const differs = field !== 'MRN' && field !== 'Status' && a.trim().toLowerCase() !== b.trim().toLowerCase();
          return (
            <Table.Tr key={field}>
              <Table.Th scope="row">
                <Text size="sm" fw={600} span>
                  {field}
                </Text>{' '}
                {differs && (
                  <Badge size="xs" color="red" variant="light" tt="none">
                    differs
                  </Badge>
                )}
              </Table.Th>
              <Table.Td>{a || '—'}</Table.Td>
              <Table.Td>{b || '—'}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
