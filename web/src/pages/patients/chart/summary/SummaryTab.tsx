/**
 * The Summary tab: the registration as a reader needs it. The banner's chart summary gives
 * insurance, contacts, privacy choices and the GP; the registration read adds identifiers,
 * addresses, phones and preferences. Parts the role may not read say so.
 */
import { SimpleGrid, Stack } from '@mantine/core';
import type { ChartTabProps } from '../chart-tabs.ts';
import { useRegistration } from '../chart-queries.ts';
import { ContactSection } from './ContactSection.tsx';
import { DemographicsSection } from './DemographicsSection.tsx';
import { EmergencyContactsSection } from './EmergencyContactsSection.tsx';
import { IdentifiersSection } from './IdentifiersSection.tsx';
import { InsuranceSection } from './InsuranceSection.tsx';
import { PractitionerSection } from './PractitionerSection.tsx';
import { CommunicationSection, ConsentSection } from './PreferencesSection.tsx';
import { LoadStatus } from '../../../../components/LoadStatus.tsx';

export default function SummaryTab({ patientId, summary }: ChartTabProps) {
  const registration = useRegistration(patientId);
  const reg = registration.data;
  return (
    <Stack>
      <LoadStatus query={registration} what="the registration" />
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
