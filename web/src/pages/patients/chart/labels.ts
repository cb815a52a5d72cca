/**
 * The words the chart shows for the codes the server sends (registration-types.ts), so a
 * reader sees "Next of kin" and "Never married", not "N" and "S".
 */
export const SEX_LABEL: Record<string, string> = { male: 'Male', female: 'Female', other: 'Other', unknown: 'Unknown' };

export const RELATIONSHIP_LABEL: Record<string, string> = {
  parent: 'Parent',
  guardian: 'Legal guardian',
  spouse: 'Spouse or partner',
  child: 'Child',
  other: 'Other',
};

export const CONTACT_ROLE_LABEL: Record<string, string> = { C: 'Emergency contact', N: 'Next of kin', E: 'Employer' };

export const MARITAL_LABEL: Record<string, string> = {
  A: 'Annulled',
  D: 'Divorced',
  I: 'Interlocutory',
  L: 'Legally separated',
  M: 'Married',
  P: 'Polygamous',
  S: 'Never married',
  T: 'Domestic partner',
  U: 'Unmarried',
  W: 'Widowed',
  UNK: 'Unknown',
};

export const GENDER_IDENTITY_LABEL: Record<string, string> = {
  'transgender-female': 'Transgender female',
  'transgender-male': 'Transgender male',
  'non-binary': 'Non-binary',
  male: 'Male',
  female: 'Female',
  other: 'Other',
  'non-disclose': 'Does not wish to disclose',
};

export const IDENTIFIER_TYPE_LABEL: Record<string, string> = { national: 'National id', passport: 'Passport', other: 'Other' };

export const PHONE_USE_LABEL: Record<string, string> = { home: 'Home', work: 'Work', mobile: 'Mobile', temp: 'Temporary', old: 'Old' };

export const ADDRESS_USE_LABEL: Record<string, string> = { home: 'Home', work: 'Work', temp: 'Temporary', old: 'Old', billing: 'Billing' };

export const CHANNEL_LABEL: Record<string, string> = {
  email: 'Email',
  sms: 'Text message',
  phone: 'Phone call',
  whatsapp: 'WhatsApp',
  post: 'Post',
};

export const label = (table: Record<string, string>, code: string | undefined): string => (code ? (table[code] ?? code) : '');

/** A language tag in the reader's own language ("en-GB" -> "British English"), or the tag when the browser cannot name it. */
export function languageName(tag: string | undefined, locale: string): string {
  if (!tag) return '';
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
