/** Possible duplicates of the patient being registered: who, how alike, and on what. */
import { Alert, Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/locale.tsx';
import type { DuplicateCandidate } from '../patient-api.ts';

const FIELD_LABEL: Record<string, string> = {
  name: 'name',
  family: 'family name',
  given: 'given name',
  birthDate: 'birth date',
  sex: 'sex',
  phone: 'phone',
  email: 'email',
  identifier: 'identifier',
};

export function CandidateList({ candidates }: { candidates: DuplicateCandidate[] }) {
  const format = useFormat();
  return (
    <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {candidates.map((c) => (
        <li key={c.id}>
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to={`/patients/${c.id}`} fw={600} target="_blank" rel="noopener">
              {c.summary.name}
            </Anchor>
            <Text size="sm">
              {[
                c.summary.birthDate && `born ${format.date(c.summary.birthDate)}`,
                c.summary.sex,
                c.summary.mrn && `MRN ${c.summary.mrn}`,
                !c.summary.active && 'inactive',
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            <Badge color={c.score >= 0.9 ? 'red' : 'orange'} variant="light" aria-label={`Similarity ${Math.round(c.score * 100)} percent`}>
              {Math.round(c.score * 100)}% alike
            </Badge>
            {c.matches.map((m) => (
              <Badge key={m} size="sm" variant="outline" color="gray">
                same {FIELD_LABEL[m] ?? m}
              </Badge>
            ))}
          </Group>
        </li>
      ))}
    </Stack>
  );
}

export function DuplicatePanel({ candidates, checking }: { candidates: DuplicateCandidate[] | undefined; checking: boolean }) {
  if (!candidates?.length)
    return (
      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {checking ? 'Checking for patients already registered…' : ''}
      </Text>
    );
  return (
    <Alert color="orange" title={`This may be a patient already registered (${candidates.length})`} role="status" aria-live="polite">
      <Text size="sm" mb="xs">
        Open the record to check (it opens in a new tab, your entries stay here), or go on if this is someone else.
      </Text>
      <CandidateList candidates={candidates} />
    </Alert>
  );
}
