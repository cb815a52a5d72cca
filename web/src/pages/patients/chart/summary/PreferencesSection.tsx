/** How the patient wants to be contacted, and the privacy choices they made (with the notice version and date). */
import { Badge, Group, Stack, Text } from '@mantine/core';
import { useFormat } from '../../../../i18n/locale.tsx';
import type { ChartSummary, RegistrationRead } from '../chart-api.ts';
import { CHANNEL_LABEL, label } from '../labels.ts';
import { Facts } from './Facts.tsx';
import { Nothing, SummarySection } from './SummarySection.tsx';

export function CommunicationSection({ communication }: { communication: RegistrationRead['communication'] }) {
  return (
    <SummarySection title="Communication preferences">
      {!communication || (!communication.preferredChannels.length && !communication.quietHours) ? (
        <Nothing>No preferences recorded.</Nothing>
      ) : (
        <Facts
          items={[
            [
              'Preferred channels',
              communication.preferredChannels.length ? (
                <Group gap={4} component="span">
                  {communication.preferredChannels.map((c, i) => (
                    <Badge key={c} size="sm" variant="light" tt="none">
                      {i + 1}. {label(CHANNEL_LABEL, c)}
                    </Badge>
                  ))}
                </Group>
              ) : undefined,
            ],
            [
              'Quiet hours',
              communication.quietHours
                ? `${communication.quietHours.start} – ${communication.quietHours.end} (no calls or messages)`
                : undefined,
            ],
          ]}
        />
      )}
    </SummarySection>
  );
}

const yes = (v: boolean) => (
  <Badge size="sm" variant="light" color={v ? 'teal' : 'gray'} tt="none">
    {v ? 'Yes' : 'No'}
  </Badge>
);

export function ConsentSection({ consents }: { consents: ChartSummary['consents'] }) {
  const format = useFormat();
  return (
    <SummarySection title="Privacy choices" restricted={consents === null}>
      {consents === undefined && <Nothing>No privacy choices recorded.</Nothing>}
      {consents && consents.version === undefined && (
        <Nothing>Choices are recorded in a form this screen cannot show; see the Consent resource.</Nothing>
      )}
      {consents && consents.version !== undefined && (
        <Stack gap="xs">
          <Facts
            items={[
              ['Share with family', yes(!!consents.shareWithFamily)],
              ['Share with insurers', yes(!!consents.shareWithInsurers)],
              ['Data used for research', yes(!!consents.research)],
              ['Marketing messages', yes(!consents.marketingOptOut)],
            ]}
          />
          <Text size="xs" c="dimmed">
            Given {format.date(consents.date)}, privacy notice version {consents.version}.
          </Text>
        </Stack>
      )}
    </SummarySection>
  );
}
