/** Who the patient is: names, sex and gender identity, birth, marital status, language, MRN. */
import { useFormat } from '../../../../i18n/locale.tsx';
import type { ChartSummary, RegistrationRead } from '../chart-api.ts';
import { deathOf } from '../death.ts';
import { GENDER_IDENTITY_LABEL, MARITAL_LABEL, SEX_LABEL, label, languageName } from '../labels.ts';
import { Facts } from './Facts.tsx';
import { SummarySection } from './SummarySection.tsx';

export function DemographicsSection({ summary, registration }: { summary: ChartSummary; registration?: RegistrationRead }) {
  const format = useFormat();
  const p = summary.patient;
  const death = deathOf(p);
  const official = registration?.name ? format.name(registration.name) : p.name;
  return (
    <SummarySection title="Demographics">
      <Facts
        items={[
          ['Name', official],
          ['Preferred name', registration?.preferredName ?? p.preferredName],
          ['Sex', label(SEX_LABEL, p.sex)],
          ['Gender identity', label(GENDER_IDENTITY_LABEL, registration?.genderIdentity)],
          ['Born', p.birthDate ? `${format.date(p.birthDate)}${p.ageText && !death ? ` (${p.ageText})` : ''}` : undefined],
          ['Died', death ? (death.dateTime ? format.dateTime(death.dateTime) : 'Date not recorded') : undefined],
          ['Marital status', label(MARITAL_LABEL, registration?.maritalStatus)],
          ['Language', languageName(registration?.language, format.locale)],
          ['MRN', p.mrn],
        ]}
      />
    </SummarySection>
  );
}
