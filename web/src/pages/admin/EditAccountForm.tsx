/**
 * Edit an account's display name, roles and links. Only what changed is sent: the server
 * ends an account's sessions whenever a PATCH names its roles, so an unchanged role list
 * must not be sent along with a new display name.
 */
import { useState } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyServerErrors } from '../../components/server-errors.ts';
import { updateUser, type AdminUser, type UserChanges } from './admin-api.ts';
import { AccountFields, type AccountFormValues } from './AccountFields.tsx';
import { LINK_FIELDS, accountFieldRules } from './account-rules.ts';

export function formValuesOf(user: AdminUser): AccountFormValues {
  return {
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    patientId: user.patientId ?? '',
    relatedPersonId: user.relatedPersonId ?? '',
    practitionerId: user.practitionerId ?? '',
    organizationId: user.organizationId ?? '',
  };
}

export function changesFrom(user: AdminUser, values: AccountFormValues): UserChanges {
  const changes: UserChanges = {};
  if (values.displayName.trim() && values.displayName.trim() !== user.displayName) changes.displayName = values.displayName.trim();
  const sameRoles = values.roles.length === user.roles.length && values.roles.every((r) => user.roles.includes(r));
  if (!sameRoles) changes.roles = values.roles;
  for (const field of LINK_FIELDS) {
    const next = values[field].trim() || null;
    if (next !== (user[field] ?? null)) changes[field] = next;
  }
  return changes;
}

export function EditAccountForm({ user }: { user: AdminUser }) {
  const client = useQueryClient();
  const [banner, setBanner] = useState<string>();
  const [saved, setSaved] = useState(false);
  const form = useForm<AccountFormValues>({
    mode: 'controlled',
    initialValues: formValuesOf(user),
    validateInputOnChange: true,
    validate: accountFieldRules,
  });
  const save = useMutation({
    mutationFn: (changes: UserChanges) => updateUser(user.id, changes),
    onSuccess: (updated) => {
      client.setQueryData(['admin', 'users', 'one', updated.id], updated);
      void client.invalidateQueries({ queryKey: ['admin', 'users', 'list'] });
      form.setInitialValues(formValuesOf(updated));
      form.setValues(formValuesOf(updated));
      form.resetDirty(formValuesOf(updated));
      setSaved(true);
    },
    onError: (err) => setBanner(applyServerErrors(form, err)),
  });
  const changes = changesFrom(user, form.getValues());
  const nothingChanged = Object.keys(changes).length === 0;

  return (
    <form
      onSubmit={form.onSubmit((values) => {
        setBanner(undefined);
        setSaved(false);
        save.mutate(changesFrom(user, values));
      })}
      noValidate
      aria-label="Account details"
    >
      <Stack>
        {banner && (
          <Alert color="red" role="alert">
            {banner}
          </Alert>
        )}
        <AccountFields form={form} />
        {changes.roles && (
          <Alert color="yellow" variant="light">
            Changing the roles signs {user.username} out everywhere; they sign in again with the new roles.
          </Alert>
        )}
        <Group justify="flex-end">
          {/* Beside the buttons, where the eyes are after pressing Save. */}
          <Text role="status" size="sm" c="teal.9" fw={600}>
            {saved && nothingChanged ? 'Changes saved.' : ''}
          </Text>
          <Button variant="default" disabled={nothingChanged} onClick={() => form.setValues(formValuesOf(user))}>
            Undo changes
          </Button>
          <Button type="submit" loading={save.isPending} disabled={nothingChanged}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
