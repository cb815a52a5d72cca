/**
 * Sensitive elements (/admin/sensitive-elements, admins): which elements are stored
 * encrypted. The built-in ones (national ids, insurance member ids) are listed; an admin
 * marks more by element path, or unmarks one. A change applies to the next write at once
 * and to the records already stored in the background, whose progress shows here until it
 * is done (the page asks again every 1.5 s meanwhile).
 */
import { useState } from 'react';
import { Alert, Button, Card, Group, List, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTimeLines } from '../../components/DateTimeLines.tsx';
import { applyServerErrors } from '../../components/server-errors.ts';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { ConfirmModal } from './ConfirmModal.tsx';
import { accountLabel } from './GrantsTable.tsx';
import { useAccounts } from './use-account-names.ts';
import {
  SENSITIVE_ELEMENTS_KEY,
  fetchSensitiveElements,
  markSensitive,
  unmarkSensitive,
  type EncryptionRule,
  type ReindexProgressReport,
} from './sensitive-elements-api.ts';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';

const POLL_MS = 1500;
const PATH_SHAPE = /^[A-Z][A-Za-z]+(\.[a-z][A-Za-z0-9]*(\[x\])?)+$/;

function Applying({ applying }: { applying: ReindexProgressReport }) {
  const { resourcesDone: done, resourcesTotal: total } = applying;
  const percent = total ? Math.round((100 * done) / total) : 0;
  const what = applying.types ? applying.types.join(', ') : 'all';
  return (
    <Alert color="blue" variant="light" title="Applying the change to stored records" role="status">
      <Stack gap="xs">
        <Text size="sm">
          {done.toLocaleString()} of {total.toLocaleString()} {what} records done. Reads and searches work meanwhile; new writes already
          follow the change.
        </Text>
        <Progress value={percent} aria-label={`Stored records done: ${percent}%`} />
        <List size="xs">
          {applying.reasons.map((r) => (
            <List.Item key={r}>{r}</List.Item>
          ))}
        </List>
      </Stack>
    </Alert>
  );
}

function MarkForm() {
  const client = useQueryClient();
  const [banner, setBanner] = useState<string>();
  const form = useForm({
    mode: 'controlled',
    initialValues: { path: '' },
    validate: {
      path: (v) =>
        !v.trim()
          ? 'Give the element path'
          : PATH_SHAPE.test(v.trim())
            ? null
            : 'An element path is a resource type and its elements, like Patient.telecom.value',
    },
  });
  const mark = useMutation({
    mutationFn: markSensitive,
    onSuccess: () => {
      form.reset();
      setBanner(undefined);
      void client.invalidateQueries({ queryKey: SENSITIVE_ELEMENTS_KEY });
    },
    onError: (err) => setBanner(applyServerErrors(form, err)),
  });
  return (
    <Card withBorder component="section" aria-labelledby="mark-heading">
      <form onSubmit={form.onSubmit((v) => mark.mutate(v.path.trim()))} noValidate>
        <Stack>
          <Title order={2} size="h4" id="mark-heading">
            Mark an element sensitive
          </Title>
          {banner && (
            <Alert color="red" role="alert">
              {banner}
            </Alert>
          )}
          <TextInput
            label="Element path"
            description="A text element of a resource type, as the FHIR R4 definitions name it. Its values are encrypted, and found only by exact match."
            placeholder="Patient.telecom.value"
            spellCheck={false}
            autoComplete="off"
            {...form.getInputProps('path')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={mark.isPending}>
              Mark sensitive
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function RulesTable({ rules, onUnmark }: { rules: EncryptionRule[]; onUnmark: (r: EncryptionRule) => void }) {
  const { byId } = useAccounts();
  if (!rules.length) return <Text c="dimmed">No element has been marked yet.</Text>;
  return (
    <Table striped captionSide="top" verticalSpacing="sm" layout="fixed">
      <Table.Caption>Marked by administrators</Table.Caption>
      <ColumnHeads
        columns={[
          { label: 'Element' },
          { label: 'Marked by', width: 200 },
          { label: 'When', width: 130 },
          { label: 'Actions', width: 120, hidden: true },
        ]}
      />
      <Table.Tbody>
        {rules.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {r.path}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{accountLabel(byId.get(r.createdBy), r.createdBy)}</Text>
            </Table.Td>
            <Table.Td>
              <DateTimeLines value={r.createdAt} />
            </Table.Td>
            <Table.Td>
              <Button size="xs" variant="default" color="red" onClick={() => onUnmark(r)} aria-label={`Unmark ${r.path}`}>
                Unmark
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export default function SensitiveElementsPage() {
  const client = useQueryClient();
  const [unmarking, setUnmarking] = useState<EncryptionRule>();
  const elements = useQuery({
    queryKey: SENSITIVE_ELEMENTS_KEY,
    queryFn: ({ signal }) => fetchSensitiveElements(signal),
    // While a change is applied to stored records, its progress is asked for again and again.
    refetchInterval: (q) => (q.state.data?.applying ? POLL_MS : false),
  });
  const unmark = useMutation({
    mutationFn: unmarkSensitive,
    onSuccess: () => {
      setUnmarking(undefined);
      void client.invalidateQueries({ queryKey: SENSITIVE_ELEMENTS_KEY });
    },
  });
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        Sensitive elements
      </Title>
      <Text c="dimmed">
        These elements are stored encrypted (AES-256-GCM) and indexed by a keyed hash, so only an exact search finds them. Marking an
        element applies to new writes at once and to the records already stored in the background.
      </Text>
      {elements.isPending ? (
        <PageLoading />
      ) : elements.isError ? (
        <Alert color="red" role="alert" title="The list could not be loaded">
          {elements.error.message}
        </Alert>
      ) : (
        <>
          {elements.data.applying && <Applying applying={elements.data.applying} />}
          <Card withBorder component="section" aria-labelledby="builtin-heading">
            <Title order={2} size="h4" id="builtin-heading">
              Always encrypted
            </Title>
            <List size="sm" mt="xs">
              {elements.data.builtIn.map((b) => (
                <List.Item key={`${b.resourceType}-${b.description}`}>{b.description}</List.Item>
              ))}
            </List>
          </Card>
          <RulesTable rules={elements.data.rules} onUnmark={setUnmarking} />
          <MarkForm />
        </>
      )}
      <ConfirmModal
        opened={!!unmarking}
        title="Unmark this element?"
        confirmLabel="Unmark"
        pending={unmark.isPending}
        error={unmark.error?.message}
        onConfirm={() => unmarking && unmark.mutate(unmarking)}
        onCancel={() => {
          setUnmarking(undefined);
          unmark.reset();
        }}
      >
        New values of <b>{unmarking?.path}</b> will be stored in clear and found by any search again. Values already encrypted stay
        encrypted, and are read as before.
      </ConfirmModal>
    </Stack>
  );
}
