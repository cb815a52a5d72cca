/**
 * The fields an account has in both the create and the edit form: display name, roles
 * (checkboxes, each saying what it grants) and the links to FHIR resources. Each link says
 * which role needs it, and is marked required as soon as a chosen role requires it.
 */
import { Checkbox, Fieldset, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { Role } from '../../api/auth.ts';
import { LINK_FIELDS, LINK_INFO, ROLE_INFO, requiredLinks, suggestedLinks, type AccountFieldValues } from './account-rules.ts';

export interface AccountFormValues extends AccountFieldValues {
  username: string;
}

export function AccountFields({ form }: { form: UseFormReturnType<AccountFormValues> }) {
  const roles = form.getValues().roles;
  const required = requiredLinks(roles);
  const suggested = suggestedLinks(roles);

  // Whether a link is required follows the roles: a link the admin already filled in or was
  // told about is checked again when the roles change, so no stale message stays.
  form.watch('roles', () => {
    for (const field of LINK_FIELDS) if (form.isTouched(field) || form.errors[field]) form.validateField(field);
  });

  return (
    <Stack gap="md">
      <TextInput
        label="Display name"
        description="As colleagues see it. Leave empty to use the username."
        autoComplete="off"
        {...form.getInputProps('displayName')}
      />
      <Checkbox.Group
        label="Roles"
        description="Choose one or more. A patient account holds no other role."
        withAsterisk
        {...form.getInputProps('roles')}
        onChange={(value) => form.setFieldValue('roles', value as Role[])}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
          {ROLE_INFO.map((r) => (
            <Checkbox key={r.value} value={r.value} label={r.label} description={r.description} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      <Fieldset legend="Links to records" variant="filled">
        <Text size="sm" mb="sm">
          The links decide whose data the account reaches. Give the id of an existing resource.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {LINK_INFO.map((link) => (
            <TextInput
              key={link.field}
              label={link.label}
              description={`${link.hint}${!required.has(link.field) && suggested.has(link.field) ? ' Recommended for the chosen roles.' : ''}`}
              placeholder={`${link.resourceType} id`}
              required={required.has(link.field)}
              autoComplete="off"
              spellCheck={false}
              {...form.getInputProps(link.field)}
            />
          ))}
        </SimpleGrid>
      </Fieldset>
    </Stack>
  );
}
