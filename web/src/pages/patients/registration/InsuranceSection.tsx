/** Insurance coverages: payer, plan, member id, group, validity, primary or secondary. */
import { NativeSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useRegistrationForm } from './form-context.ts';
import { emptyCoverage } from './form-values.ts';
import { FormSection } from './FormSection.tsx';
import { RowList } from './RowList.tsx';
import { useInsurerOptions } from './directory-options.ts';

const ORDERS = [
  { value: '1', label: 'Primary' },
  { value: '2', label: 'Secondary' },
];

export function InsuranceSection() {
  const form = useRegistrationForm();
  const values = form.getValues();
  const insurers = useInsurerOptions();
  return (
    <FormSection title="Insurance">
      <RowList
        items={values.coverages}
        noun="coverage"
        max={2}
        onAdd={() => form.insertListItem('coverages', emptyCoverage(values.coverages.some((c) => c.order === '1') ? '2' : '1'))}
        onRemove={(i) => form.removeListItem('coverages', i)}
        renderRow={(_, i) => (
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <NativeSelect label="Order" data={ORDERS} {...form.getInputProps(`coverages.${i}.order`)} />
            {insurers.data && insurers.data.length > 0 && (
              <Select
                label="Insurer on file"
                searchable
                clearable
                data={insurers.data}
                {...form.getInputProps(`coverages.${i}.payerOrganizationId`)}
                onChange={(v) => form.setFieldValue(`coverages.${i}.payerOrganizationId`, v ?? '')}
              />
            )}
            <TextInput
              label="Insurer name"
              description={insurers.data?.length ? 'If not on file' : undefined}
              {...form.getInputProps(`coverages.${i}.payerName`)}
            />
            <TextInput label="Plan" {...form.getInputProps(`coverages.${i}.plan`)} />
            <TextInput label="Member id" required {...form.getInputProps(`coverages.${i}.memberId`)} />
            <TextInput label="Group number" {...form.getInputProps(`coverages.${i}.groupNumber`)} />
            <TextInput label="Valid from" type="date" {...form.getInputProps(`coverages.${i}.start`)} />
            <TextInput label="Valid until" type="date" {...form.getInputProps(`coverages.${i}.end`)} />
          </SimpleGrid>
        )}
      />
    </FormSection>
  );
}
