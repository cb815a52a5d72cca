/**
 * Draws person names from the cultural groups of name-groups.ts and writes them as FHIR
 * HumanNames: the Latin-script name first (as a US hospital registers it), then, for
 * groups with a script of their own, the same name in that script, marked with the
 * iso21090-EN-representation extension.
 */
import type { HumanName } from '@medplum/fhirtypes';
import { NAME_GROUPS, type Language, type NameGroupSource } from './name-groups.ts';
import type { Random } from './random.ts';

export type Sex = 'male' | 'female';

interface Part {
  latin: string;
  native?: string;
}

interface Group {
  source: NameGroupSource;
  given: Record<Sex, Part[]>;
  family: Record<Sex, Part[]>;
  middle: Record<Sex, Part[]>;
}

export interface PersonName {
  group: string;
  /** The language the person prefers (the group's languages, the first most likely). */
  language: Language;
  given: string[];
  family: string;
  familyFirst: boolean;
  native?: { given: string[]; family: string; text: string; representation: 'IDE' | 'SYL' | 'ABC' };
}

function parseGiven(entry: string): Part {
  const [latin, native] = entry.split('|');
  return native ? { latin: latin!, native } : { latin: latin! };
}

function parseFamily(entry: string, sex: Sex): Part {
  const [latin, native] = entry.split('|');
  const pickSex = (s: string) => {
    const [m, f] = s.split('/');
    return sex === 'female' && f ? f : m!;
  };
  return native ? { latin: pickSex(latin!), native: pickSex(native) } : { latin: pickSex(latin!) };
}

const GROUPS: Group[] = NAME_GROUPS.map((source) => {
  const given = { male: source.male.map(parseGiven), female: source.female.map(parseGiven) };
  const mf = source.middleFrom;
  const middle =
    mf === 'father'
      ? { male: given.male, female: given.male }
      : mf && typeof mf === 'object'
        ? { male: mf.male.map(parseGiven), female: mf.female.map(parseGiven) }
        : given;
  return {
    source,
    given,
    family: { male: source.family.map((f) => parseFamily(f, 'male')), female: source.family.map((f) => parseFamily(f, 'female')) },
    middle,
  };
});
const GROUP_WEIGHTS = GROUPS.map((g) => g.source.weight);

export const NAME_GROUP_KEYS: readonly string[] = GROUPS.map((g) => g.source.key);

export function drawName(rnd: Random, sex: Sex): PersonName {
  const g = rnd.weighted(GROUPS, GROUP_WEIGHTS);
  const s = g.source;
  const first = rnd.pick(g.given[sex]);
  const given: Part[] = [first];
  if (s.middleChance > 0 && rnd.chance(s.middleChance)) {
    let middle = rnd.pick(g.middle[sex]);
    if (middle.latin === first.latin) middle = rnd.pick(g.middle[sex]);
    if (middle.latin !== first.latin) {
      // Vietnamese middle names (Văn, Thị) come before the given name; the others after it.
      if (s.middleFrom && typeof s.middleFrom === 'object') given.unshift(middle);
      else given.push(middle);
    }
  }
  const families: Part[] = [rnd.pick(g.family[sex])];
  if (s.secondFamilyChance && rnd.chance(s.secondFamilyChance)) {
    const second = rnd.pick(g.family[sex]);
    if (second.latin !== families[0]!.latin) families.push(second);
  }
  const languages = s.languages;
  const language = languages.length === 1 || rnd.chance(0.6) ? languages[0]! : rnd.pick(languages);
  const name: PersonName = {
    group: s.key,
    language,
    given: given.map((p) => p.latin),
    family: families.map((p) => p.latin).join(' '),
    familyFirst: !!s.familyFirst,
  };
  if (s.nativeRepresentation && given.every((p) => p.native) && families.every((p) => p.native)) {
    const nGiven = given.map((p) => p.native!);
    const nFamily = families.map((p) => p.native!).join(' ');
    const sep = s.nativeSeparator ?? ' ';
    const text = s.familyFirst ? `${nFamily}${sep}${nGiven.join(sep)}` : `${nGiven.join(' ')} ${nFamily}`;
    name.native = { given: nGiven, family: nFamily, text, representation: s.nativeRepresentation };
  }
  return name;
}

/** Another family name of the same group (a maiden name), or undefined. */
export function drawFamilyOfGroup(rnd: Random, group: string, sex: Sex, not: string): string | undefined {
  const g = GROUPS.find((x) => x.source.key === group);
  if (!g) return undefined;
  const f = rnd.pick(g.family[sex]).latin;
  return f === not ? undefined : f;
}

export function nameText(n: PersonName, prefix?: string, suffix?: string): string {
  const core = n.familyFirst ? `${n.family} ${n.given.join(' ')}` : `${n.given.join(' ')} ${n.family}`;
  return `${prefix ? `${prefix} ` : ''}${core}${suffix ? ` ${suffix}` : ''}`;
}

export function humanNames(n: PersonName, opts: { prefix?: string; suffix?: string; maidenFamily?: string } = {}): HumanName[] {
  const official: HumanName = { use: 'official', text: nameText(n, opts.prefix, opts.suffix), family: n.family, given: n.given.slice() };
  if (opts.prefix) official.prefix = [opts.prefix];
  if (opts.suffix) official.suffix = [opts.suffix];
  const names: HumanName[] = [official];
  if (n.native) {
    names.push({
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: n.native.representation }],
      use: 'official',
      text: n.native.text,
      family: n.native.family,
      given: n.native.given.slice(),
    });
  }
  if (opts.maidenFamily) {
    names.push({ use: 'maiden', text: nameText({ ...n, family: opts.maidenFamily }), family: opts.maidenFamily, given: n.given.slice() });
  }
  return names;
}

const SPECIAL: Record<string, string> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', ı: 'i', đ: 'd', Đ: 'D', æ: 'ae', œ: 'oe' };

/** "Łukasz Wiśniewski" -> "lukasz.wisniewski": for e-mail addresses. */
export function asciiSlug(s: string): string {
  return s
    .replace(/[łŁøØßıđĐæœ]/g, (c) => SPECIAL[c]!)
    .normalize('NFD')
    .replace(/[^A-Za-z0-9 .]/g, '')
    .trim()
    .toLowerCase()
    .replace(/ +/g, '.');
}
