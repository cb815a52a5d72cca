/**
 * A titled list on a home page, filled by one query: shows progress while loading, a
 * clear message on failure, and a sentence when the list is empty.
 */
import type { ReactNode } from 'react';
import { Alert, Card, Group, Loader, Stack, Text, Title, Badge } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';

export function Worklist<T>({
  title,
  query,
  empty,
  render,
  action,
}: {
  title: string;
  query: UseQueryResult<T[]>;
  empty: string;
  render: (item: T) => ReactNode;
  action?: ReactNode;
}) {
  const headingId = `worklist-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          {query.data && <Badge variant="light">{query.data.length}</Badge>}
        </Group>
        {action}
      </Group>
      {query.isPending && (
        <Group role="status">
          <Loader size="xs" aria-hidden /> <Text size="sm">Loading…</Text>
        </Group>
      )}
      {query.isError && (
        <Alert color="red" role="alert">
          {query.error.message}
        </Alert>
      )}
      {query.data && query.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      )}
      {query.data && query.data.length > 0 && (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {query.data.map((item, i) => (
            <li key={i}>{render(item)}</li>
          ))}
        </Stack>
      )}
    </Card>
  );
}
