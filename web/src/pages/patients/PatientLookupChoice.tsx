/**
 * Choosing one patient record from the reception lookup (name, birth date, MRN, phone) as
 * the user types: each result is a radio button (arrow keys move, the choice is announced),
 * a live line says what the lookup found, and records that may not be chosen are shown
 * disabled with the reason. Booking and merging pick their patient with it.
 */
import { useState, type ReactNode } from 'react';
import { Alert, Badge, Group, Loader, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useFormat } from '../../i18n/locale.tsx';
import { lookupPatients, type PatientSummary } from './patient-api.ts';

export interface PatientLookupChoiceProps {
  /** Names the lookup in the query cache (its results are this use's own). */
  purpose: string;
  inputLabel: string;
  inputDescription: string;
  choiceLabel: string;
  /** Results asked for. */
  limit: number;
  value: PatientSummary | undefined;
  onChange: (chosen: PatientSummary) => void;
  error?: string;
  /** A record never offered (the one being merged away). */
  excludeId?: string;
  /** Whether a record can be chosen; one that cannot is listed disabled. */
  canChoose: (r: PatientSummary) => boolean;
  /** The badge of an inactive record. */
  inactiveLabel: string;
  /** Shown under each name, joined by dots; empty parts are left out. */
  details: (r: PatientSummary, date: (d: string) => string) => Array<string | false | undefined>;
  /** The live line under the box once two characters are typed and the lookup answered. */
  foundText: (count: number) => string;
  /** The live line while a record is chosen, if it should say so. */
  chosenText?: (chosen: PatientSummary) => string;
}

export function PatientLookupChoice(props: PatientLookupChoiceProps) {
  const { value, error } = props;
  const format = useFormat();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 200);
  const search = useQuery({
    queryKey: ['patients', 'lookup', props.purpose, q],
    queryFn: ({ signal }) => lookupPatients(q, signal, props.limit),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
  const results = (search.data?.results ?? []).filter((r) => r.id !== props.excludeId);
  // The chosen record stays listed while the user searches on, so the choice never silently vanishes.
  const shown = value && !results.some((r) => r.id === value.id) ? [value, ...results] : results;
  let status: ReactNode;
  if (value && props.chosenText) status = props.chosenText(value);
  else if (q.length < 2) status = 'Type at least two characters.';
  else if (search.isPending) status = 'Searching…';
  else status = props.foundText(results.length);
  return (
    <Stack gap="xs">
      <TextInput
        label={props.inputLabel}
        description={props.inputDescription}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        rightSection={search.isFetching ? <Loader size="xs" aria-label="Searching" /> : null}
        // With no list to carry it, the box carries the error (nothing chosen yet).
        error={!shown.length ? error : undefined}
        data-autofocus
      />
      <Text size="sm" c="gray.7" role="status" aria-live="polite">
        {status}
      </Text>
      {search.isError && (
        <Alert color="red" role="alert">
          {search.error.message}
        </Alert>
      )}
      {shown.length > 0 && (
        <Radio.Group
          label={props.choiceLabel}
          value={value?.id ?? null}
          onChange={(id) => {
            const chosen = shown.find((r) => r.id === id);
            if (chosen) props.onChange(chosen);
          }}
          error={error}
        >
          <Stack gap={6} mt={4}>
            {shown.map((r) => (
              <Radio
                key={r.id}
                value={r.id}
                disabled={!props.canChoose(r)}
                label={
                  <Group gap={6}>
                    <Text span fw={600} size="sm">
                      {r.name || 'Unnamed patient'}
                    </Text>
                    {!r.active && (
                      <Badge size="xs" color="gray" tt="none">
                        {props.inactiveLabel}
                      </Badge>
                    )}
                    {r.deceased && (
                      <Badge size="xs" color="dark" tt="none">
                        deceased
                      </Badge>
                    )}
                  </Group>
                }
                description={props
                  .details(r, (d) => format.date(d))
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
