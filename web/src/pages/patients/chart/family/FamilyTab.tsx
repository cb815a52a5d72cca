/**
 * The Family tab: the people related to the patient (RelatedPerson), adding one, and giving
 * one portal access. Whether someone has portal access is known from the account list, which
 * only administrators may read; other roles are told it is not known rather than "no".
 */
import { useState } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { useSession } from '../../../../auth/session-context.tsx';
import type { RelatedPersonView } from '../chart-api.ts';
import { ACCOUNT_READERS, PORTAL_GRANTERS, STATUS_CHANGERS } from '../chart-roles.ts';
import type { ChartTabProps } from '../chart-tabs.ts';
import { useAccounts, useRelatedPersons } from '../chart-queries.ts';
import { AddRelatedPersonForm } from './AddRelatedPersonForm.tsx';
import { FamilyTable, type PortalAccess } from './FamilyTable.tsx';
import { PortalAccessDialog } from './PortalAccessDialog.tsx';
import { TemporaryPasswordModal, type Granted } from './TemporaryPasswordModal.tsx';
import { LoadStatus } from '../../../../components/LoadStatus.tsx';

export default function FamilyTab({ patientId, summary }: ChartTabProps) {
  const { hasRole } = useSession();
  const people = useRelatedPersons(patientId);
  const accounts = useAccounts(hasRole(...ACCOUNT_READERS));
  const [adding, setAdding] = useState(false);
  const [granting, setGranting] = useState<RelatedPersonView>();
  const [granted, setGranted] = useState<Granted>();
  // Accounts made in this visit, known at once even before (or without) the account list.
  const [grantedHere, setGrantedHere] = useState<Record<string, string>>({});
  const merged = !!summary.patient.mergedInto;
  const canAdd = hasRole(...STATUS_CHANGERS) && !merged;
  const canGrant = hasRole(...PORTAL_GRANTERS) && !merged;

  const accessOf = (rp: RelatedPersonView): PortalAccess => {
    if (grantedHere[rp.id]) return { known: true, username: grantedHere[rp.id] };
    if (!accounts.data) return { known: false };
    const account = accounts.data.users.find((u) => u.relatedPersonId === rp.id && !u.disabled);
    return account ? { known: true, username: account.username } : { known: true };
  };

  return (
    <Stack>
      {canAdd && !adding && (
        <Group>
          <Button variant="light" onClick={() => setAdding(true)}>
            Add a family member or representative
          </Button>
        </Group>
      )}
      {adding && <AddRelatedPersonForm patientId={patientId} onDone={() => setAdding(false)} />}
      <LoadStatus query={people} what="the family" />
      {people.data && people.data.relatedPersons.length === 0 && (
        <Text size="sm" c="dimmed">
          No family members or representatives are recorded.
        </Text>
      )}
      {people.data && people.data.relatedPersons.length > 0 && (
        <FamilyTable people={people.data.relatedPersons} accessOf={accessOf} onGrant={canGrant ? setGranting : undefined} />
      )}
      {accounts.isError && (
        <Text size="xs" c="dimmed">
          Portal access could not be checked: {accounts.error.message}
        </Text>
      )}
      {people.data && people.data.relatedPersons.length > 0 && !hasRole(...ACCOUNT_READERS) && (
        <Text size="xs" c="dimmed">
          Who has portal access is shown to administrators only.
        </Text>
      )}
      {granting && (
        <PortalAccessDialog
          patientId={patientId}
          person={granting}
          onClose={() => setGranting(undefined)}
          onGranted={(g) => {
            setGrantedHere((m) => ({ ...m, [granting.id]: g.username }));
            setGranting(undefined);
            setGranted(g);
          }}
        />
      )}
      <TemporaryPasswordModal granted={granted} onClose={() => setGranted(undefined)} />
    </Stack>
  );
}
