/**
 * The Summary tab: the registration as a reader needs it. The banner's chart summary gives
 * insurance, contacts, privacy choices and the GP; the registration read adds identifiers,
 * addresses, phones and preferences. Parts the role may not read say so.
 */
import { Alert, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ChartTabProps } from '../chart-tabs.ts';
import { useRegistration } from '../chart-queries.ts';
import { ContactSection } from './ContactSection.tsx';
import { DemographicsSection } from './DemographicsSection.tsx';
import { EmergencyContactsSection } from './EmergencyContactsSection.tsx';
import { IdentifiersSection } from './IdentifiersSection.tsx';
import { InsuranceSection } from './InsuranceSection.tsx';
import { PractitionerSection } from './PractitionerSection.tsx';
import { CommunicationSection, ConsentSection } from './PreferencesSection.tsx';

export default function SummaryTab({ patientId, summary }: ChartTabProps) {
  const registration = useRegistration(patientId);
  const reg = registration.data;
  return (
    <Stack>
      {registration.isPending && (
        <Group role="status">
          <Loader size="xs" aria-hidden /> <Text size="sm">Loading the registration…</Text>
        </Group>
      )}
      {registration.isError && (
        <Alert color="red" role="alert" title="The registration could not be loaded">
          {registration.error.message}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <DemographicsSection summary={summary} registration={reg} />
        {reg && <ContactSection registration={reg} />}
        {reg && <IdentifiersSection identifiers={reg.identifiers ?? []} />}
        <EmergencyContactsSection contacts={summary.contacts} />
        <PractitionerSection gp={summary.generalPractitioner} />
        {reg && <CommunicationSection communication={reg.communication} />}
        <ConsentSection consents={summary.consents} />
      </SimpleGrid>
      <InsuranceSection summary={summary} registration={reg} />
    </Stack>
  );
}
