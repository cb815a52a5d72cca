/**
 * Picking the record to keep in a merge: the reception lookup as the user types, each result
 * a radio button (arrow keys move, the choice is announced). This record is left out, and an
 * inactive record cannot be chosen: the server refuses to merge into one.
 */
import { useState } from 'react';
import { Alert, Badge, Group, Loader, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useFormat } from '../../../../i18n/locale.tsx';
import { searchPatients, type PatientSummary } from '../chart-api.ts';

export function MergeTargetSearch({
  excludeId,
  value,
  onChange,
  error,
}: {
  excludeId: string;
  value: PatientSummary | undefined;
  onChange: (target: PatientSummary) => void;
  error?: string;
}) {
  const format = useFormat();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const search = useQuery({
    queryKey: ['patients', 'lookup', 'merge', q],
    queryFn: ({ signal }) => searchPatients(q, signal),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
  const results = (search.data?.results ?? []).filter((r) => r.id !== excludeId);
  // The chosen record stays listed while the user searches on, so the choice never silently vanishes.
  const shown = value && !results.some((r) => r.id === value.id) ? [value, ...results] : results;
  return (
    <Stack gap="xs">
      <TextInput
        label="Find the record to keep"
        description="Name, birth date, MRN or phone of the other record."
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        rightSection={search.isFetching ? <Loader size="xs" aria-label="Searching" /> : null}
        data-autofocus
      />
      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {q.length < 2
          ? 'Type at least two characters.'
          : search.isPending
            ? 'Searching…'
            : `${results.length === 0 ? 'No other record found' : `${results.length} found`}`}
      </Text>
      {search.isError && (
        <Alert color="red" role="alert">
          {search.error.message}
        </Alert>
      )}
      {shown.length > 0 && (
        <Radio.Group
          label="Record to keep"
          value={value?.id ?? null}
          onChange={(id) => {
            const chosen = shown.find((r) => r.id === id);
            if (chosen) onChange(chosen);
          }}
          error={error}
        >
          <Stack gap={6} mt={4}>
            {shown.map((r) => (
              <Radio
                key={r.id}
                value={r.id}
                disabled={!r.active}
                label={
                  <Group gap={6}>
                    <Text span fw={600} size="sm">
                      {r.name || 'Unnamed patient'}
                    </Text>
                    {!r.active && (
                      <Badge size="xs" color="gray" tt="none">
                        inactive: cannot be kept
                      </Badge>
                    )}
                    {r.deceased && (
                      <Badge size="xs" color="dark" tt="none">
                        deceased
                      </Badge>
                    )}
                  </Group>
                }
                description={[r.birthDate && `born ${format.date(r.birthDate)}`, r.gender, r.mrn && `MRN ${r.mrn}`, r.phone, r.city]
                  .filter(Boolean)
                  .join(' · ')}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
    </Stack>
  );
}
