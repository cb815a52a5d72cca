/** How to reach the patient: phones, email, addresses; and the identifiers other systems know them by. */
import { NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useRegistrationForm } from './form-context.ts';
import { emptyAddress, emptyIdentifier, emptyPhone } from './form-values.ts';
import { FormSection } from './FormSection.tsx';
import { RowList } from './RowList.tsx';

const PHONE_USES = [
  { value: 'mobile', label: 'Mobile' },
  { value: 'home', label: 'Home' },
  { value: 'work', label: 'Work' },
  { value: 'temp', label: 'Temporary' },
];
const ADDRESS_USES = [
  { value: 'home', label: 'Home' },
  { value: 'work', label: 'Work' },
  { value: 'temp', label: 'Temporary' },
  { value: 'billing', label: 'Billing' },
];
const IDENTIFIER_TYPES = [
  { value: 'national', label: 'National / health id' },
  { value: 'passport', label: 'Passport' },
  { value: 'other', label: 'Other' },
];

export function IdentifiersSection() {
  const form = useRegistrationForm();
  const values = form.getValues();
  return (
    <FormSection title="Identifiers">
      <Text size="sm" c="dimmed" mb="xs">
        The medical record number (MRN) is given by Hale when the patient is registered.
      </Text>
      <RowList
        items={values.identifiers}
        noun="identifier"
        onAdd={() => form.insertListItem('identifiers', emptyIdentifier())}
        onRemove={(i) => form.removeListItem('identifiers', i)}
        renderRow={(_, i) => (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect label="Kind" data={IDENTIFIER_TYPES} {...form.getInputProps(`identifiers.${i}.type`)} />
            <TextInput label="Number" required {...form.getInputProps(`identifiers.${i}.value`)} />
            <TextInput
              label="Issuer (system)"
              description="Optional: the issuing system's URI"
              {...form.getInputProps(`identifiers.${i}.system`)}
            />
          </SimpleGrid>
        )}
      />
    </FormSection>
  );
}

export function ContactSection() {
  const form = useRegistrationForm();
  const values = form.getValues();
  return (
    <FormSection title="Contact">
      <Stack>
        <RowList
          items={values.phones}
          noun="phone"
          onAdd={() => form.insertListItem('phones', emptyPhone())}
          onRemove={(i) => form.removeListItem('phones', i)}
          renderRow={(_, i) => (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect label="Phone kind" data={PHONE_USES} {...form.getInputProps(`phones.${i}.use`)} />
              <TextInput label="Phone number" type="tel" autoComplete="off" {...form.getInputProps(`phones.${i}.value`)} />
            </SimpleGrid>
          )}
        />
        <TextInput label="Email" type="email" autoComplete="off" maw={420} {...form.getInputProps('email')} />
        <RowList
          items={values.addresses}
          noun="address"
          onAdd={() => form.insertListItem('addresses', emptyAddress())}
          onRemove={(i) => form.removeListItem('addresses', i)}
          renderRow={(_, i) => (
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NativeSelect label="Address kind" data={ADDRESS_USES} {...form.getInputProps(`addresses.${i}.use`)} />
              <TextInput label="Street and number" {...form.getInputProps(`addresses.${i}.line1`)} />
              <TextInput label="Apartment, building" {...form.getInputProps(`addresses.${i}.line2`)} />
              <TextInput label="City" {...form.getInputProps(`addresses.${i}.city`)} />
              <TextInput label="State or region" {...form.getInputProps(`addresses.${i}.state`)} />
              <TextInput label="Postal code" {...form.getInputProps(`addresses.${i}.postalCode`)} />
              <TextInput label="Country" {...form.getInputProps(`addresses.${i}.country`)} />
            </SimpleGrid>
          )}
        />
      </Stack>
    </FormSection>
  );
}
