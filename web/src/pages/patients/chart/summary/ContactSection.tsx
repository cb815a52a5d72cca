/** How to reach the patient: addresses, phones (first is preferred), email. */
import { Anchor, Stack, Text } from '@mantine/core';
import type { RegistrationRead } from '../chart-api.ts';
import { ADDRESS_USE_LABEL, PHONE_USE_LABEL, label } from '../labels.ts';
import { Facts } from './Facts.tsx';
import { Nothing, SummarySection } from './SummarySection.tsx';

type Address = NonNullable<RegistrationRead['addresses']>[number];

/** Countries that write the postal code after the town ("Bristol BS1 4DJ", "Honolulu, HI 96862"); most of the world writes it first. */
const CODE_AFTER_TOWN = new Set(['US', 'GB', 'UK', 'CA', 'AU', 'NZ', 'IE']);

function AddressLines({ address }: { address: Address }) {
  const after = CODE_AFTER_TOWN.has((address.country ?? '').toUpperCase());
  const townLine = after
    ? [[address.city, address.state].filter(Boolean).join(', '), address.postalCode].filter(Boolean).join(' ')
    : [address.postalCode, address.city].filter(Boolean).join(' ');
  const region = after ? address.district : [address.district, address.state].filter(Boolean).join(', ');
  const lines = [...address.line, townLine, region, address.country].filter(Boolean);
  return (
    <Text size="sm" component="address" style={{ fontStyle: 'normal' }}>
      {lines.map((l, i) => (
        <span key={i}>
          {l}
          {i < lines.length - 1 && <br />}
        </span>
      ))}
    </Text>
  );
}

export function ContactSection({ registration }: { registration: RegistrationRead }) {
  const addresses = registration.addresses ?? [];
  const phones = registration.phones ?? [];
  const empty = !addresses.length && !phones.length && !registration.email;
  return (
    <SummarySection title="Addresses, phones and email">
      {empty ? (
        <Nothing>No address, phone or email recorded.</Nothing>
      ) : (
        <Stack gap="sm">
          <Facts
            items={[
              ...addresses.map((a, i): [string, React.ReactNode] => [
                `${label(ADDRESS_USE_LABEL, a.use) || 'Address'}${addresses.length > 1 ? ` address ${i + 1}` : ' address'}`,
                <AddressLines address={a} />,
              ]),
              ...phones.map((p, i): [string, React.ReactNode] => [
                `${label(PHONE_USE_LABEL, p.use)} phone${i === 0 && phones.length > 1 ? ' (preferred)' : ''}`,
                <Anchor href={`tel:${p.value.replace(/[^\d+]/g, '')}`} size="sm">
                  {p.value}
                </Anchor>,
              ]),
              [
                'Email',
                registration.email && (
                  <Anchor href={`mailto:${registration.email}`} size="sm">
                    {registration.email}
                  </Anchor>
                ),
              ],
            ]}
          />
        </Stack>
      )}
    </SummarySection>
  );
}
