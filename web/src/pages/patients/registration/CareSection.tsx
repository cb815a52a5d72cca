/** Who looks after the patient: emergency contacts, the general practitioner, and who pays (guarantor). */
import { NativeSelect, Select, SimpleGrid, Stack, TextInput, SegmentedControl, Text } from '@mantine/core';
import { useRegistrationForm } from './form-context.ts';
import { emptyContact } from './form-values.ts';
import { FormSection } from './FormSection.tsx';
import { RowList } from './RowList.tsx';
import { usePractitionerOptions } from './directory-options.ts';

const CONTACT_KINDS = [
  { value: 'C', label: 'Emergency contact' },
  { value: 'N', label: 'Next of kin' },
  { value: 'E', label: 'Employer' },
];
const RELATIONSHIPS = [
  { value: 'parent', label: 'Parent' },
  { value: 'guardian', label: 'Guardian' },
  { value: 'spouse', label: 'Spouse or partner' },
  { value: 'child', label: 'Child' },
  { value: 'other', label: 'Other' },
];

export function CareSection() {
  const form = useRegistrationForm();
  const values = form.getValues();
  const practitioners = usePractitionerOptions();
  return (
    <FormSection title="Contacts and care">
      <Stack>
        <RowList
          items={values.emergencyContacts}
          noun="emergency contact"
          onAdd={() => form.insertListItem('emergencyContacts', emptyContact())}
          onRemove={(i) => form.removeListItem('emergencyContacts', i)}
          renderRow={(_, i) => (
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label="Contact name" {...form.getInputProps(`emergencyContacts.${i}.name`)} />
              <NativeSelect label="Role" data={CONTACT_KINDS} {...form.getInputProps(`emergencyContacts.${i}.relationship`)} />
              <TextInput label="Contact phone" type="tel" {...form.getInputProps(`emergencyContacts.${i}.phone`)} />
            </SimpleGrid>
          )}
        />
        <Select
          label="General practitioner"
          placeholder={practitioners.isPending ? 'Loading practitioners…' : 'Type to find a practitioner'}
          searchable
          clearable
          nothingFoundMessage="No practitioner by that name"
          data={practitioners.data ?? []}
          maw={420}
          {...form.getInputProps('generalPractitionerId')}
          onChange={(v) => form.setFieldValue('generalPractitionerId', v ?? '')}
        />
        {practitioners.isError && (
          <Text size="sm" c="red.9" role="alert">
            The practitioner list could not be loaded: {practitioners.error.message}
          </Text>
        )}
        <div>
          <Text size="sm" fw={500} id="guarantor-label" mb={4}>
            Guarantor (who pays what insurance does not)
          </Text>
          <SegmentedControl
            aria-labelledby="guarantor-label"
            data={[
              { value: 'none', label: 'Not recorded' },
              { value: 'self', label: 'The patient' },
              ...(values.guarantor.relatedPersonId ? [{ value: 'related', label: 'The person on record' }] : []),
              { value: 'person', label: 'Another person' },
            ]}
            {...form.getInputProps('guarantor.kind')}
          />
        </div>
        {values.guarantor.kind === 'person' && (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Guarantor name" required {...form.getInputProps('guarantor.name')} />
            <NativeSelect label="Relationship to the patient" data={RELATIONSHIPS} {...form.getInputProps('guarantor.relationship')} />
            <TextInput label="Guarantor phone" type="tel" {...form.getInputProps('guarantor.phone')} />
          </SimpleGrid>
        )}
      </Stack>
    </FormSection>
  );
}
