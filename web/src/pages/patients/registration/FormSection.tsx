/** A titled part of a long form: a fieldset with a legend, so screen readers announce where the user is. */
import type { ReactNode } from 'react';
import { Fieldset } from '@mantine/core';

export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Fieldset legend={title} radius="md" styles={{ legend: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}>
      {children}
    </Fieldset>
  );
}
