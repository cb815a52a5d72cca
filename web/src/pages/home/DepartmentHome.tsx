/**
 * Homes of the departments whose modules come later (billing, pharmacy, lab, insurer):
 * the figures of their queues today, read from the store with the user's access.
 */
import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Resource } from '@medplum/fhirtypes';
import { Figure } from './Figure.tsx';
import { useCount } from './home-queries.ts';

export interface DepartmentFigure {
  label: string;
  resourceType: Resource['resourceType'];
  params: Record<string, string>;
}

function CountFigure({ figure }: { figure: DepartmentFigure }) {
  return <Figure label={figure.label} query={useCount(figure.resourceType, figure.params)} />;
}

export function DepartmentHome({ title, intro, figures }: { title: string; intro: string; figures: DepartmentFigure[] }) {
  return (
    <Stack>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text c="dimmed">{intro}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        {figures.map((f) => (
          <CountFigure key={f.label} figure={f} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export const BillingHome = () => (
  <DepartmentHome
    title="Billing"
    intro="Charges, invoices and claims waiting for work."
    figures={[
      { label: 'Draft claims', resourceType: 'Claim', params: { status: 'draft' } },
      { label: 'Claims sent', resourceType: 'Claim', params: { status: 'active' } },
      { label: 'Open invoices', resourceType: 'Invoice', params: { status: 'issued' } },
      { label: 'Coverages on file', resourceType: 'Coverage', params: { status: 'active' } },
    ]}
  />
);

export const PharmacyHome = () => (
  <DepartmentHome
    title="Pharmacy"
    intro="Prescriptions waiting to be checked and dispensed."
    figures={[
      { label: 'Active prescriptions', resourceType: 'MedicationRequest', params: { status: 'active' } },
      { label: 'Dispensed today', resourceType: 'MedicationDispense', params: { status: 'completed' } },
    ]}
  />
);

export const LabHome = () => (
  <DepartmentHome
    title="Laboratory"
    intro="Orders to collect and results to report."
    figures={[
      { label: 'Open lab orders', resourceType: 'ServiceRequest', params: { status: 'active' } },
      { label: 'Preliminary reports', resourceType: 'DiagnosticReport', params: { status: 'preliminary' } },
    ]}
  />
);

export const InsurerHome = () => (
  <DepartmentHome
    title="Claims review"
    intro="Claims received from providers and their decisions."
    figures={[
      { label: 'Claims received', resourceType: 'Claim', params: { status: 'active' } },
      { label: 'Decisions sent', resourceType: 'ClaimResponse', params: { status: 'active' } },
    ]}
  />
);
