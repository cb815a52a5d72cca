/**
 * /portal/access: who viewed my record. Every access to the patient's record is in the
 * audit trail; this is the patient's own view of it, in plain words, newest first, with
 * emergency (break-glass) access and refused attempts made to stand out, since those are
 * what a patient would want to question.
 */
import { useState } from 'react';
import { Alert, Badge, Checkbox, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DateTimeLines } from '../../components/DateTimeLines.tsx';
import { Pager } from '../../components/Pager.tsx';
import { useFormat } from '../../i18n/locale.tsx';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { RECORD_ACCESS_PAGE_SIZE, fetchRecordAccesses, type RecordAccess } from './record-access-api.ts';
import { accessLines, roleWords, type AccessLine } from './record-access-words.ts';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';

function Who({ who }: { who: RecordAccess['who'] }) {
  return (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={500}>
          {who.name}
        </Text>
        {who.you && (
          <Badge size="sm" variant="light" color="gray">
            You
          </Badge>
        )}
      </Group>
      {who.roles.length > 0 && (
        <Text size="xs" c="dimmed">
          {roleWords(who.roles)}
        </Text>
      )}
    </Stack>
  );
}

function What({ line }: { line: AccessLine }) {
  const format = useFormat();
  const a = line.access;
  return (
    <Stack gap={4}>
      <Group gap={6}>
        {a.emergency && (
          <Badge size="sm" color="red.9" variant="filled">
            Emergency access
          </Badge>
        )}
        {a.outcome !== 'success' && (
          <Badge size="sm" color="orange.9" variant="light">
            {a.outcome === 'denied' ? 'Refused' : 'Did not complete'}
          </Badge>
        )}
        {line.doings.length === 1 && <Text size="sm">{line.doings[0]}</Text>}
      </Group>
      {line.doings.length > 1 && (
        <List size="sm" spacing={2}>
          {line.doings.map((d) => (
            <List.Item key={d}>{d}</List.Item>
          ))}
        </List>
      )}
      {line.times > 1 && (
        <Text size="xs" c="dimmed">
          {line.times} accesses from {format.time(new Date(line.since))}
        </Text>
      )}
      {a.emergency?.reason && (
        <Text size="sm">
          Reason given: <q>{a.emergency.reason}</q>
          {a.emergency.minutes ? ` (access for ${a.emergency.minutes} minutes)` : ''}
        </Text>
      )}
    </Stack>
  );
}

export default function RecordAccessPage() {
  const [offset, setOffset] = useState(0);
  // The patient's own visits are most of the list and not what they came to check: left out until asked for.
  const [includeMine, setIncludeMine] = useState(false);
  const page = useQuery({
    queryKey: ['portal', 'record-access', offset, includeMine],
    queryFn: ({ signal }) => fetchRecordAccesses(offset, includeMine, signal),
    placeholderData: keepPreviousData,
  });
  const lines = page.data ? accessLines(page.data.accesses) : [];
  const emergencies = lines.filter((l) => l.access.emergency).length;
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        Who viewed my record
      </Title>
      <Text c="dimmed">
        Every time someone opens, searches or changes your record, it is written down. This list shows who, when and what, newest first. If
        something looks wrong, contact the clinic and ask for its privacy officer.
      </Text>
      <Checkbox
        label="Include my own visits"
        checked={includeMine}
        onChange={(e) => {
          setIncludeMine(e.currentTarget.checked);
          setOffset(0);
        }}
      />
      {page.isPending ? (
        <PageLoading />
      ) : page.isError ? (
        <Alert color="red" role="alert" title="The list could not be loaded">
          {page.error.message}
        </Alert>
      ) : page.data.total === 0 ? (
        <Text role="status">{includeMine ? 'Nobody has opened your record yet.' : 'Nobody else has opened your record yet.'}</Text>
      ) : (
        <>
          {emergencies > 0 && (
            <Alert color="red" variant="light" title="Emergency access" role="status">
              Your record was opened in an emergency by someone outside your care team ({emergencies} on this page). Each such access is
              reviewed by the clinic.
            </Alert>
          )}
          <Table.ScrollContainer minWidth={640}>
            <Table striped captionSide="top" verticalSpacing="sm" layout="fixed" aria-busy={page.isFetching}>
              <Table.Caption>
                {page.data.total} {page.data.total === 1 ? 'access' : 'accesses'} to your record, newest first
              </Table.Caption>
              <ColumnHeads columns={[{ label: 'When', width: 130 }, { label: 'Who', width: 220 }, { label: 'What' }]} />
              <Table.Tbody>
                {lines.map((line, i) => (
                  // The lines are this page's, in a fixed order: their position is their identity.
                  <Table.Tr key={`${offset}-${i}`}>
                    <Table.Td>
                      <DateTimeLines value={line.access.when} />
                    </Table.Td>
                    <Table.Td>
                      <Who who={line.access.who} />
                    </Table.Td>
                    <Table.Td>
                      <What line={line} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager
            label="Access list pages"
            offset={offset}
            pageSize={RECORD_ACCESS_PAGE_SIZE}
            total={page.data.total}
            onOffset={setOffset}
          />
        </>
      )}
    </Stack>
  );
}
