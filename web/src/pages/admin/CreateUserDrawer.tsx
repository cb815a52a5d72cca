/**
 * Create an account. There is no password field: the server makes a temporary password and
 * returns it once, which the page then shows. A refused save keeps everything typed and puts
 * the server's message next to the field it names (a taken username, a missing Patient).
 */
import { useState } from 'react';
import { Alert, Button, Drawer, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyServerErrors } from '../../components/server-errors.ts';
import { createUser, type AdminUser, type NewUser } from './admin-api.ts';
import { AccountFields, type AccountFormValues } from './AccountFields.tsx';
import { LINK_FIELDS, accountFieldRules, usernameProblem } from './account-rules.ts';

export const EMPTY_ACCOUNT: AccountFormValues = {
  username: '',
  displayName: '',
  roles: [],
  patientId: '',
  relatedPersonId: '',
  practitionerId: '',
  organizationId: '',
};

function toNewUser(values: AccountFormValues): NewUser {
  const input: NewUser = { username: values.username.trim(), roles: values.roles };
  if (values.displayName.trim()) input.displayName = values.displayName.trim();
  for (const field of LINK_FIELDS) if (values[field].trim()) input[field] = values[field].trim();
  return input;
}

export function CreateUserDrawer({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (user: AdminUser, temporaryPassword: string | undefined) => void;
}) {
  const client = useQueryClient();
  const [banner, setBanner] = useState<string>();
  const form = useForm<AccountFormValues>({
    mode: 'controlled',
    initialValues: EMPTY_ACCOUNT,
    validateInputOnChange: true,
    validate: { username: usernameProblem, ...accountFieldRules },
  });
  const save = useMutation({
    mutationFn: createUser,
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ['admin', 'users'] });
      form.reset();
      setBanner(undefined);
      onCreated(created.user, created.temporaryPassword);
    },
    onError: (err) => setBanner(applyServerErrors(form, err)),
  });

  return (
    <Drawer opened={opened} onClose={onClose} title="New account" position="right" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form
        onSubmit={form.onSubmit((values) => {
          setBanner(undefined);
          save.mutate(toNewUser(values));
        })}
        noValidate
      >
        <Stack>
          {banner && (
            <Alert color="red" role="alert">
              {banner}
            </Alert>
          )}
          <TextInput
            label="Username"
            description="What they sign in with. It cannot be changed later."
            required
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            {...form.getInputProps('username')}
          />
          <AccountFields form={form} />
          <Alert color="blue" variant="light">
            No password to choose: a temporary one is made for the account and shown once, after you create it.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Create account
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
