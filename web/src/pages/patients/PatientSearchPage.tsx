/**
 * Find a patient: one box for name, birth date, MRN, phone or identifier, results as the
 * user types (the server ranks them, fuzzy on names), arrows to move and Enter to open.
 * The text lives in the URL, so a search is a link and Back returns to it. With an empty
 * box, the patients this user opened lately.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMe, useSession } from '../../auth/session-context.tsx';
import { useFormat } from '../../i18n/locale.tsx';
import { PATIENT_WRITERS } from '../../app/nav.ts';
import { lookupPatients, type PatientSummary } from './patient-api.ts';
import { recentPatients, type RecentPatient } from './recent-patients.ts';

const MATCH_LABEL: Record<string, string> = {
  name: 'name',
  family: 'family name',
  given: 'given name',
  birthDate: 'birth date',
  birthYear: 'birth year',
  phone: 'phone',
  identifier: 'identifier',
  mrn: 'MRN',
};

interface Row {
  id: string;
  title: string;
  detail: string;
  badges: string[];
}

export default function PatientSearchPage() {
  const me = useMe();
  const { hasRole } = useSession();
  const format = useFormat();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  // Short: the user sees results soon after the last key; a request for a text already
  // replaced is dropped by the query cache, and the server's lookup is fast.
  const [debounced] = useDebouncedValue(text.trim(), 50);
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  // The URL follows the box (replace: typing is not a history of its own).
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) setParams(debounced ? { q: debounced } : {}, { replace: true });
  }, [debounced, params, setParams]);

  const search = useQuery({
    queryKey: ['patients', 'lookup', debounced],
    queryFn: ({ signal }) => lookupPatients(debounced, signal),
    enabled: debounced.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

  const fromResults = (p: PatientSummary): Row => ({
    id: p.id,
    title: p.name || 'Unnamed patient',
    detail: [p.birthDate && `born ${format.date(p.birthDate)}`, p.gender, p.mrn && `MRN ${p.mrn}`, p.phone, p.city]
      .filter(Boolean)
      .join(' · '),
    badges: [
      ...(!p.active ? ['inactive'] : []),
      ...(p.deceased ? ['deceased'] : []),
      ...p.matches.map((m) => `matches ${MATCH_LABEL[m] ?? m}`),
    ],
  });
  const fromRecent = (p: RecentPatient): Row => ({
    id: p.id,
    title: p.name,
    detail: [p.birthDate && `born ${format.date(p.birthDate)}`, p.mrn && `MRN ${p.mrn}`, `opened ${format.dateTime(p.openedAt)}`]
      .filter(Boolean)
      .join(' · '),
    badges: [],
  });
  const showingRecent = debounced.length < 2;
  const rows: Row[] = showingRecent ? recentPatients(me.user.id).map(fromRecent) : (search.data?.results ?? []).map(fromResults);
  useEffect(() => setActive(0), [debounced]);

  const open = (row: Row | undefined) => row && navigate(`/patients/${row.id}`);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, rows.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(rows[active]);
    }
  };
  const understood = search.data?.understood;
  const understoodText = understood
    ? [
        ...understood.names.map((n) => `name “${n}”`),
        ...understood.birthDates.map((d) => `born ${format.date(d)}`),
        ...understood.birthYears.map((y) => `born in ${y}`),
        ...understood.phones.map((p) => `phone ${p}`),
        ...understood.identifiers.map((i) => `identifier ${i}`),
      ].join(', ')
    : '';

  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Find a patient
        </Title>
        {hasRole(...PATIENT_WRITERS) && (
          <Button component={Link} to="/patients/new" variant="default">
            Register a patient
          </Button>
        )}
      </Group>
      <TextInput
        ref={inputRef}
        autoFocus
        size="md"
        label="Name, birth date, MRN, phone or identifier"
        description="For example: smith 12/03/1984, or an MRN. Arrow keys move through the results, Enter opens one."
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded={rows.length > 0}
        aria-controls={listId}
        aria-activedescendant={rows[active] ? `${listId}-${rows[active].id}` : undefined}
        aria-autocomplete="list"
        rightSection={search.isFetching ? <Loader size="xs" aria-label="Searching" /> : null}
      />
      <Text size="sm" c="dimmed" aria-live="polite" role="status">
        {showingRecent
          ? rows.length
            ? 'Patients you opened lately'
            : 'Type at least two characters.'
          : search.isPending
            ? 'Searching…'
            : search.data
              ? `${search.data.results.length === 0 ? 'No patient found' : `${search.data.results.length} found`}${understoodText ? ` for ${understoodText}` : ''}`
              : ''}
      </Text>
      {search.isError && (
        <Alert color="red" role="alert" title="The search failed">
          {search.error.message}
        </Alert>
      )}
      <Stack
        gap={4}
        id={listId}
        role="listbox"
        aria-label={showingRecent ? 'Recent patients' : 'Search results'}
        // Which text the shown results answer (empty while older results stand in): for tests and the benchmark.
        data-results-for={showingRecent || search.isPlaceholderData || !search.data ? '' : debounced}
      >
        {rows.map((row, i) => (
          <Paper
            key={row.id}
            id={`${listId}-${row.id}`}
            role="option"
            aria-selected={i === active}
            withBorder
            p="sm"
            bg={i === active ? 'teal.0' : undefined}
            style={{ cursor: 'pointer', borderColor: i === active ? 'var(--mantine-color-teal-9)' : undefined }}
            // An option of the combobox, not a link inside one (nested controls confuse screen readers): the box's arrows and Enter, or a click.
            onClick={() => open(row)}
            onMouseEnter={() => setActive(i)}
          >
            <Group justify="space-between" wrap="nowrap">
              <div>
                <Text fw={600}>{row.title}</Text>
                <Text size="sm" c="dimmed">
                  {row.detail}
                </Text>
              </div>
              <Group gap={4} justify="flex-end">
                {row.badges.map((b) => (
                  <Badge key={b} size="sm" variant="light" color={b === 'inactive' || b === 'deceased' ? 'gray' : 'teal'}>
                    {b}
                  </Badge>
                ))}
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
