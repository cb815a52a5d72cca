/**
 * What a section shows while its data loads, or when it could not: a live "Loading …" line,
 * or an alert with the server's message. Nothing once the data is there.
 */
import { Alert, Group, Loader, Text } from '@mantine/core';

export function LoadStatus({
  query,
  what,
}: {
  query: { isPending: boolean; isError: boolean; error: Error | null };
  /** What is loaded, as it reads after "Loading" (`the changes`). */
  what: string;
}) {
  if (query.isError)
    return (
      <Alert color="red" role="alert" title={`${what.charAt(0).toUpperCase()}${what.slice(1)} could not be loaded`}>
        {query.error?.message}
      </Alert>
    );
  if (query.isPending)
    return (
      <Group role="status">
        <Loader size="xs" aria-hidden /> <Text size="sm">Loading {what}…</Text>
      </Group>
    );
  return null;
}
