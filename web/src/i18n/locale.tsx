/**
 * The user's locale: dates, times and names are shown the way the user reads them. Chosen
 * in the account menu, kept in this browser; the browser's language is the default.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

const LOCALE_KEY = 'hale:locale';

export const LOCALES: { value: string; label: string }[] = [
  { value: 'en-US', label: 'English (United States)' },
  { value: 'en-GB', label: 'English (United Kingdom)' },
  { value: 'de-DE', label: 'Deutsch' },
  { value: 'fr-FR', label: 'Français' },
  { value: 'es-ES', label: 'Español' },
  { value: 'pt-BR', label: 'Português (Brasil)' },
  { value: 'hu-HU', label: 'Magyar' },
  { value: 'ja-JP', label: '日本語' },
  { value: 'zh-CN', label: '中文' },
];

/** Languages that write the family name first. */
const FAMILY_FIRST = new Set(['hu', 'ja', 'zh', 'ko', 'vi']);

export interface HumanNameLike {
  given?: string[];
  family?: string;
  prefix?: string[];
  suffix?: string[];
  text?: string;
}

export interface Formatters {
  locale: string;
  setLocale: (locale: string) => void;
  date: (value: string | Date | undefined) => string;
  dateTime: (value: string | Date | undefined) => string;
  time: (value: string | Date | undefined) => string;
  name: (name: HumanNameLike | undefined) => string;
}

/** A FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) is a calendar date, not an instant: format it without time zone shifts. */
function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T12:00:00`);
  return new Date(value);
}

export function makeFormatters(locale: string, setLocale: (l: string) => void = () => undefined): Formatters {
  const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const timeFmt = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const familyFirst = FAMILY_FIRST.has(locale.split('-')[0]);
  const safe = (fmt: Intl.DateTimeFormat) => (value: string | Date | undefined) => {
    if (!value) return '';
    const d = toDate(value);
    return Number.isNaN(d.getTime()) ? String(value) : fmt.format(d);
  };
  return {
    locale,
    setLocale,
    date: safe(dateFmt),
    dateTime: safe(dateTimeFmt),
    time: safe(timeFmt),
    name: (n) => {
      if (!n) return '';
      if (n.text && !n.family && !n.given?.length) return n.text;
      const given = (n.given ?? []).join(' ');
      const parts = familyFirst ? [n.family, given] : [given, n.family];
      return [...(familyFirst ? [] : (n.prefix ?? [])), ...parts, ...(n.suffix ?? [])].filter(Boolean).join(' ');
    },
  };
}

const LocaleContext = createContext<Formatters>(makeFormatters('en-US'));

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState(() => localStorage.getItem(LOCALE_KEY) ?? navigator.language ?? 'en-US');
  const value = useMemo(
    () =>
      makeFormatters(locale, (l) => {
        localStorage.setItem(LOCALE_KEY, l);
        document.documentElement.lang = l;
        setLocaleState(l);
      }),
    [locale],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export const useFormat = (): Formatters => useContext(LocaleContext);

/** Whole years between a birth date and today (or the date of death). */
export function ageInYears(birthDate: string | undefined, at: Date = new Date()): number | undefined {
  if (!birthDate || !/^\d{4}/.test(birthDate)) return undefined;
  const [y, m = 1, d = 1] = birthDate.split('-').map(Number);
  let age = at.getFullYear() - y;
  if (at.getMonth() + 1 < m || (at.getMonth() + 1 === m && at.getDate() < d)) age--;
  return age;
}
