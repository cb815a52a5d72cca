/** How the patient wants to be contacted, and what they agree to share (consent, with date and version). */
import { Checkbox, Group, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useRegistrationForm } from './form-context.ts';
import { FormSection } from './FormSection.tsx';

const CHANNELS = [
  { value: 'email', label: 'Email' },
  { value: 'sms', label: 'SMS' },
  { value: 'whatsapp', label: 'WhatsApp' },
  { value: 'phone', label: 'Phone call' },
  { value: 'post', label: 'Post' },
];

export function PreferencesSection() {
  const form = useRegistrationForm();
  return (
    <FormSection title="Communication and consent">
      <Stack>
        <Checkbox.Group label="Preferred ways to reach the patient" {...form.getInputProps('preferredChannels')}>
          <Group mt={4}>
            {CHANNELS.map((c) => (
              <Checkbox key={c.value} value={c.value} label={c.label} />
            ))}
          </Group>
        </Checkbox.Group>
        <Group>
          <TextInput label="Quiet hours from" type="time" {...form.getInputProps('quietStart')} />
          <TextInput label="Quiet hours until" type="time" {...form.getInputProps('quietEnd')} />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Switch label="Share with family members" {...form.getInputProps('consents.shareWithFamily', { type: 'checkbox' })} />
          <Switch label="Share with insurers for claims" {...form.getInputProps('consents.shareWithInsurers', { type: 'checkbox' })} />
          <Switch label="Use for research" {...form.getInputProps('consents.research', { type: 'checkbox' })} />
          <Switch label="No marketing messages" {...form.getInputProps('consents.marketingOptOut', { type: 'checkbox' })} />
        </SimpleGrid>
        <Group>
          <TextInput label="Privacy notice version" {...form.getInputProps('consents.version')} />
          <TextInput label="Choices made on" type="date" {...form.getInputProps('consents.date')} />
        </Group>
      </Stack>
    </FormSection>
  );
}
