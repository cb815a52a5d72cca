/** An account's links to FHIR records, as references; a patient's opens their chart. */
import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { AdminUser } from './admin-api.ts';
import { LINK_INFO } from './account-rules.ts';

export function AccountLinks({ user }: { user: AdminUser }) {
  const links = LINK_INFO.filter((l) => user[l.field]);
  if (!links.length)
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    );
  return (
    <Stack gap={0} style={{ overflowWrap: 'anywhere' }}>
      {links.map((l) => {
        const reference = `${l.resourceType}/${user[l.field]}`;
        return l.field === 'patientId' ? (
          <Anchor key={l.field} component={Link} to={`/patients/${encodeURIComponent(user.patientId!)}`} size="xs" ff="monospace">
            {reference}
          </Anchor>
        ) : (
          <Text key={l.field} size="xs" ff="monospace">
            {reference}
          </Text>
        );
      })}
    </Stack>
  );
}
