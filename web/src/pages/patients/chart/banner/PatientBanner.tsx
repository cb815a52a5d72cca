/**
 * The patient banner: who this is, on every chart tab and anywhere else a screen acts on one
 * patient. It answers the safety questions first (right person? allergies? still alive and
 * active?) from one chart-summary call. Actions, if any, come from the caller.
 */
import type { ReactNode } from 'react';
import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useFormat } from '../../../../i18n/locale.tsx';
import type { ChartSummary } from '../chart-api.ts';
import { deathOf } from '../death.ts';
import { SEX_LABEL, label } from '../labels.ts';
import { AllergyFlag } from './AllergyFlag.tsx';
import { PatientAvatar } from './PatientAvatar.tsx';
import { StatusBadges } from './StatusBadges.tsx';

function Fact({ name, children }: { name: string; children: ReactNode }) {
  return (
    <Text size="sm" span>
      <Text span c="dimmed">
        {name}
      </Text>{' '}
      <Text span fw={600}>
        {children}
      </Text>
    </Text>
  );
}

export function PatientBanner({
  summary,
  actions,
  headingId = 'patient-banner-name',
}: {
  summary: ChartSummary;
  actions?: ReactNode;
  headingId?: string;
}) {
  const format = useFormat();
  const p = summary.patient;
  const dead = !!deathOf(p);
  const age = p.ageText ? (dead ? `${p.ageText} at death` : p.ageText) : undefined;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Group align="flex-start" wrap="nowrap" gap="md">
          <PatientAvatar name={p.name} photo={p.photo} />
          <Stack gap={4}>
            <Group gap="xs" align="baseline">
              <Title order={1} size="h2" id={headingId}>
                {p.name || 'Unnamed patient'}
              </Title>
              {p.preferredName && (
                <Text c="dimmed" size="lg">
                  (prefers “{p.preferredName}”)
                </Text>
              )}
            </Group>
            <Group gap="lg" wrap="wrap">
              {(age || p.sex) && <Text size="sm">{[age, label(SEX_LABEL, p.sex)].filter(Boolean).join(' · ')}</Text>}
              {p.birthDate && <Fact name="Born">{format.date(p.birthDate)}</Fact>}
              <Fact name="MRN">{p.mrn ?? 'none'}</Fact>
            </Group>
            <Group gap="xs" mt={4}>
              <AllergyFlag allergies={summary.allergies} />
              <StatusBadges patient={p} />
            </Group>
          </Stack>
        </Group>
        {actions}
      </Group>
    </Paper>
  );
}
