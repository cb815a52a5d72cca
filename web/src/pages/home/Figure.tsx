/** A figure on a home page: a number with what it counts, linking to the list behind it. */
import { Card, Loader, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';

export function Figure({ label, query }: { label: string; query: UseQueryResult<number> }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {query.isPending ? (
        <Loader size="xs" aria-label={`Loading ${label}`} />
      ) : (
        <Text fz={28} fw={700}>
          {query.isError ? '—' : query.data}
        </Text>
      )}
      {query.isError && (
        <Text size="xs" c="red" role="alert">
          {query.error.message}
        </Text>
      )}
    </Card>
  );
}
