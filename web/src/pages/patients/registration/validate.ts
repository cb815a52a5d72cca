/**
 * Checks as the user types, with the server's wording where it has one. They catch what a
 * desk commonly gets wrong (a future birth date, a phone with letters, an end before a
 * start); the server checks all of it again and has the last word.
 */
import type { FormValues } from './form-values.ts';

const PHONE = /^\+?[0-9 ()./-]{7,25}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-[A-Za-z0-9]{5,8})*$/;

const todayIso = () => new Date().toISOString().slice(0, 10);

export function phoneProblem(value: string): string | null {
  if (!value.trim()) return null;
  if (!PHONE.test(value.trim())) return 'Use digits, spaces and + ( ) - only';
  if (value.replace(/\D/g, '').length < 7) return 'Too short for a phone number';
  return null;
}

export const registrationRules = {
  name: {
    family: (v: string) => (v.trim() ? null : 'Enter the family name'),
    given: (v: string) => (v.trim() ? null : 'Enter at least one given name'),
  },
  sex: (v: string) => (v ? null : 'Choose the administrative sex'),
  birthDate: (v: string) => {
    if (!v) return 'Enter the date of birth';
    if (!DATE.test(v)) return 'Use a full date';
    if (v > todayIso()) return 'The date of birth is in the future';
    if (v < '1880-01-01') return 'The date of birth is too long ago';
    return null;
  },
  language: (v: string) => (!v.trim() || LANGUAGE.test(v.trim()) ? null : 'Use a language tag such as en, es or pt-BR'),
  email: (v: string) => (!v.trim() || EMAIL.test(v.trim()) ? null : 'This is not an email address'),
  phones: { value: (v: string) => phoneProblem(v) },
  identifiers: {
    value: (v: string, values: FormValues, path: string) =>
      v.trim() || !values.identifiers[Number(path.split('.')[1])] ? null : 'Enter the number, or remove the row',
  },
  emergencyContacts: {
    name: (v: string, values: FormValues, path: string) => {
      const c = values.emergencyContacts[Number(path.split('.')[1])];
      return c && !v.trim() && c.phone.trim() ? 'Enter the contact’s name' : null;
    },
    phone: (v: string, values: FormValues, path: string) => {
      const c = values.emergencyContacts[Number(path.split('.')[1])];
      if (c && c.name.trim() && !v.trim()) return 'Enter a phone number to reach them';
      return phoneProblem(v);
    },
  },
  guarantor: {
    name: (v: string, values: FormValues) => (values.guarantor.kind === 'person' && !v.trim() ? 'Enter the guarantor’s name' : null),
    phone: (v: string) => phoneProblem(v),
  },
  coverages: {
    memberId: (v: string) => (v.trim() ? null : 'Enter the member id from the insurance card'),
    payerName: (v: string, values: FormValues, path: string) => {
      const c = values.coverages[Number(path.split('.')[1])];
      return c && !v.trim() && !c.payerOrganizationId ? 'Name the insurer' : null;
    },
    end: (v: string, values: FormValues, path: string) => {
      const c = values.coverages[Number(path.split('.')[1])];
      return c && v && c.start && v < c.start ? 'The end is before the start' : null;
    },
    order: (v: string, values: FormValues) =>
      values.coverages.filter((c) => c.order === v).length > 1 ? `Only one ${v === '1' ? 'primary' : 'secondary'} coverage` : null,
  },
  preferredChannels: (v: string[], values: FormValues) => {
    if ((v.includes('sms') || v.includes('whatsapp')) && !values.phones.some((p) => p.use === 'mobile' && p.value.trim()))
      return 'SMS and WhatsApp need a mobile phone';
    if (v.includes('email') && !values.email.trim()) return 'Email needs an email address';
    return null;
  },
  quietStart: (v: string, values: FormValues) => (!v && !values.quietEnd ? null : TIME.test(v) ? null : 'Use a time such as 22:00'),
  quietEnd: (v: string, values: FormValues) => (!v && !values.quietStart ? null : TIME.test(v) ? null : 'Use a time such as 07:00'),
  consents: {
    date: (v: string) => (DATE.test(v) && v <= todayIso() ? null : 'Enter the date the patient chose (not in the future)'),
    version: (v: string) => (v.trim() ? null : 'Enter the privacy notice version shown'),
  },
};
