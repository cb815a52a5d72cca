/**
 * The audit log's filters. Applying them changes the page URL (one history entry per search),
 * and a URL change (back, forward, a followed link) puts its filters back into the form.
 * A filter the server refuses gets the server's message next to it.
 */
import { useEffect } from 'react';
import { Autocomplete, Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { ApiError } from '../../api/http.ts';
import { applyServerErrors } from '../../components/server-errors.ts';
import { KNOWN_ACTIONS, NO_FILTERS, OUTCOMES, filterRules, type AuditFilters } from './audit-filters.ts';
import { useAccounts } from './use-account-names.ts';

/** Admins pick an account by name; auditors (who cannot list accounts) type its id. */
function UserField({ form }: { form: UseFormReturnType<AuditFilters> }) {
  const { accounts } = useAccounts();
  const value = form.getValues().user;
  if (!accounts)
    return (
      <TextInput label="User id" description="The account id, as the log shows it" spellCheck={false} {...form.getInputProps('user')} />
    );
  const data = accounts.map((u) => ({
    value: u.id,
    label: u.displayName && u.displayName !== u.username ? `${u.username} (${u.displayName})` : u.username,
  }));
  // An id from a link that is no account (the system, a deleted account) still shows.
  if (value && !data.some((d) => d.value === value)) data.unshift({ value, label: value });
  return (
    <Select
      label="User"
      description="Type to search accounts"
      data={data}
      searchable
      clearable
      nothingFoundMessage="No such account"
      {...form.getInputProps('user')}
      // The form holds '' for "any"; the Select shows its clear button only for a real value.
      value={value || null}
      onChange={(v) => form.setFieldValue('user', v ?? '')}
    />
  );
}

export function AuditFilterForm({
  applied,
  onApply,
  serverError,
}: {
  applied: AuditFilters;
  onApply: (f: AuditFilters) => void;
  serverError: unknown;
}) {
  const form = useForm<AuditFilters>({
    mode: 'controlled',
    initialValues: applied,
    validateInputOnChange: true,
    validate: filterRules,
  });
  const appliedKey = JSON.stringify(applied);
  useEffect(() => {
    form.setValues(applied);
    form.resetDirty(applied);
    // A hand-edited link may hold a bad value: mark it on its field at once.
    if (Object.values(applied).some(Boolean)) form.validate();
    // Only a new URL resets the form (form itself is a new object each render).
  }, [appliedKey]);
  useEffect(() => {
    // The server names bad parameters by their own names: both dates are "date".
    if (serverError instanceof ApiError) applyServerErrors(form, serverError, { date: 'from' });
  }, [serverError]);

  return (
    <form onSubmit={form.onSubmit(onApply)} noValidate aria-label="Audit log filters" role="search">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <TextInput type="date" label="From" description="First day, your time" {...form.getInputProps('from')} />
        <TextInput type="date" label="To" description="Last day, included" {...form.getInputProps('to')} />
        <UserField form={form} />
        <TextInput
          label="Patient id"
          description="Events touching this patient's record"
          spellCheck={false}
          {...form.getInputProps('patient')}
        />
        <Autocomplete
          label="Action"
          description="e.g. read, login-failed, break-glass"
          data={KNOWN_ACTIONS}
          spellCheck={false}
          {...form.getInputProps('action')}
        />
        <Select
          label="Outcome"
          data={OUTCOMES}
          clearable
          placeholder="Any outcome"
          {...form.getInputProps('outcome')}
          value={form.getValues().outcome || null}
          onChange={(v) => form.setFieldValue('outcome', v ?? '')}
        />
        <TextInput label="Resource" description="A type (Observation) or type/id" spellCheck={false} {...form.getInputProps('entity')} />
        <Group align="flex-end" gap="xs">
          <Button type="submit">Apply filters</Button>
          <Button
            variant="default"
            onClick={() => {
              form.setValues(NO_FILTERS);
              onApply(NO_FILTERS);
            }}
          >
            Clear
          </Button>
        </Group>
      </SimpleGrid>
    </form>
  );
}
