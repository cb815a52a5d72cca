/**
 * Choosing the patient to book: the reception's one-box lookup (name, birth date, MRN, phone)
 * as the user types, each result a radio button (arrow keys move between them). Inactive
 * and deceased records are shown but cannot be chosen.
 */
import { useState } from 'react';
import { Alert, Badge, Group, Loader, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useFormat } from '../../i18n/locale.tsx';
import { lookupPatients, type PatientSummary } from '../patients/patient-api.ts';

export type { PatientSummary };

export function PatientPicker({
  value,
  onChange,
  error,
}: {
  value: PatientSummary | undefined;
  onChange: (p: PatientSummary) => void;
  error?: string;
}) {
  const format = useFormat();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 200);
  const search = useQuery({
    queryKey: ['patients', 'lookup', 'booking', q],
    queryFn: ({ signal }) => lookupPatients(q, signal, 8),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
  const results = search.data?.results ?? [];
  const shown = value && !results.some((r) => r.id === value.id) ? [value, ...results] : results;
  return (
    <Stack gap="xs">
      <TextInput
        label="Find the patient"
        description="Name, birth date, MRN or phone."
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        rightSection={search.isFetching ? <Loader size="xs" aria-label="Searching" /> : null}
        error={!shown.length ? error : undefined}
        data-autofocus
      />
      <Text size="sm" c="gray.7" role="status" aria-live="polite">
        {value
          ? `Booking for ${value.name}.`
          : q.length < 2
            ? 'Type at least two characters.'
            : search.isPending
              ? 'Searching…'
              : results.length === 0
                ? 'No patient found.'
                : `${results.length} found: choose one.`}
      </Text>
      {search.isError && (
        <Alert color="red" role="alert">
          {search.error.message}
        </Alert>
      )}
      {shown.length > 0 && (
        <Radio.Group
          label="Patient"
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
                disabled={!r.active || r.deceased}
                label={
                  <Group gap={6}>
                    <Text span fw={600} size="sm">
                      {r.name || 'Unnamed patient'}
                    </Text>
                    {!r.active && (
                      <Badge size="xs" color="gray" tt="none">
                        inactive
                      </Badge>
                    )}
                    {r.deceased && (
                      <Badge size="xs" color="dark" tt="none">
                        deceased
                      </Badge>
                    )}
                  </Group>
                }
                description={[r.birthDate && `born ${format.date(r.birthDate)}`, r.mrn && `MRN ${r.mrn}`, r.phone]
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
