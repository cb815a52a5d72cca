/** How the lookup box's text is understood, and which requests are refused (400, naming the parameter). */
import { describe, expect, it } from 'vitest';
import { HaleError } from '../../errors.ts';
import { oneEditVariants } from '../../fhir/store/spelling-variants.ts';
import { patientLookupSql } from '../../fhir/store/patient-lookup-sql.ts';
import { parseLookupRequest, parseLookupText } from './lookup-query.ts';

const TODAY = new Date('2026-05-01T12:00:00Z');
const parse = (q: string) => parseLookupText(q, TODAY);

function refusal(query: Record<string, unknown>): { field?: string; message: string } {
  try {
    parseLookupRequest(query, TODAY);
  } catch (err) {
    expect(err).toBeInstanceOf(HaleError);
    expect((err as HaleError).code).toBe('bad-request');
    return (err as HaleError).details[0]!;
  }
  throw new Error(`accepted ${JSON.stringify(query)}`);
}

describe('names', () => {
  it('are words, lower-cased and unaccented like the index, in any order, commas or not', () => {
    expect(parse('smtih jon').names).toEqual(['smtih', 'jon']);
    expect(parse('Smith, Jon').names).toEqual(['smith', 'jon']);
    expect(parse('José MÜLLER').names).toEqual(['jose', 'muller']);
    expect(parse("O'Brien Smith-Jones").names).toEqual(["o'brien", 'smith-jones']);
  });

  it('ignore single letters and repeated words', () => {
    expect(parse('j smith smith').names).toEqual(['smith']);
  });
});

describe('dates of birth', () => {
  it('ISO dates have one reading', () => {
    expect(parse('1984-03-12').birthDates).toEqual(['1984-03-12']);
    expect(parse('1984/3/12').birthDates).toEqual(['1984-03-12']);
  });

  it('day and month in either order: both readings when both are real days', () => {
    expect(parse('12/03/1984').birthDates).toEqual(['1984-03-12', '1984-12-03']);
    expect(parse('12.03.1984').birthDates).toEqual(['1984-03-12', '1984-12-03']);
    expect(parse('12-03-1984').birthDates).toEqual(['1984-03-12', '1984-12-03']);
  });

  it('only the real reading when the other is impossible, one when both are the same', () => {
    expect(parse('25/12/1984').birthDates).toEqual(['1984-12-25']);
    expect(parse('12/25/1984').birthDates).toEqual(['1984-12-25']);
    expect(parse('05/05/1984').birthDates).toEqual(['1984-05-05']);
  });

  it('two-digit years: this century unless that is in the future', () => {
    expect(parse('25/12/84').birthDates).toEqual(['1984-12-25']);
    expect(parse('25/12/19').birthDates).toEqual(['2019-12-25']);
  });

  it('compact YYYYMMDD is a date and possibly an identifier', () => {
    expect(parse('19840312')).toMatchObject({ birthDates: ['1984-03-12'], identifiers: ['19840312'], phones: [] });
  });

  it('impossible or future dates are not dates', () => {
    expect(parse('31/31/1984').birthDates).toEqual([]);
    expect(parse('2030-01-01').birthDates).toEqual([]);
    expect(parse('1984-02-30').birthDates).toEqual([]);
  });

  it('a year alone is a year of birth, beside a name', () => {
    expect(parse('garcia 1984')).toMatchObject({ names: ['garcia'], birthYears: [1984], birthDates: [] });
    expect(parse('2031').birthYears).toEqual([]);
  });
});

describe('phone numbers and identifiers', () => {
  it('digits are taken whatever the formatting', () => {
    for (const q of ['555 123 4567', '(555) 123-4567', '555.123.4567', '5551234567']) expect(parse(q).phones, q).toEqual(['5551234567']);
    expect(parse('+1 555 123 4567').phones).toEqual(['15551234567']);
    expect(parse('123-4567').phones).toEqual(['1234567']);
  });

  it('fewer than 7 digits are not a phone; words with digits are identifiers', () => {
    expect(parse('12345')).toMatchObject({ phones: [], identifiers: ['12345'] });
    expect(parse('MRN-001 smith')).toMatchObject({ identifiers: ['MRN-001'], names: ['smith'] });
  });

  it('digits glued to letters stay one identifier', () => {
    expect(parse('CD3930-000000745')).toMatchObject({ identifiers: ['CD3930-000000745'], phones: [], birthDates: [] });
  });

  it('a national id typed with dashes is an identifier (and looks like a phone)', () => {
    expect(parse('999-12-3456')).toMatchObject({ identifiers: ['999-12-3456'], phones: ['999123456'], birthDates: [] });
  });

  it('the whole box is also tried as one identifier written with spaces', () => {
    expect(parse('AB 123 456').identifiers).toEqual(['123', '456', 'AB 123 456']);
  });

  it('a mix: name, date and phone', () => {
    expect(parse('garcia 12/03/1984 555-123-4567')).toMatchObject({
      names: ['garcia'],
      birthDates: ['1984-03-12', '1984-12-03'],
      phones: ['5551234567'],
    });
  });
});

describe('the request', () => {
  it('defaults: 20 results; larger limits are served at 50', () => {
    expect(parseLookupRequest({ q: 'smith' }, TODAY).limit).toBe(20);
    expect(parseLookupRequest({ q: 'smith', limit: '5' }, TODAY).limit).toBe(5);
    expect(parseLookupRequest({ q: 'smith', limit: '500' }, TODAY).limit).toBe(50);
  });

  it('filters and the audited query text', () => {
    const r = parseLookupRequest({ q: ' smith ', gender: 'female', active: 'true', birthDate: '1984-03-12' }, TODAY);
    expect(r.terms.filters).toEqual({ gender: 'female', active: true, birthDate: '1984-03-12' });
    expect(r.terms.queryText).toBe('q=smith&birthDate=1984-03-12&gender=female&active=true');
  });

  it('refuses empty, too short, too long or meaningless q, naming q', () => {
    expect(refusal({})).toMatchObject({ field: 'q', message: expect.stringContaining('required') });
    expect(refusal({ q: '   ' })).toMatchObject({ field: 'q', message: expect.stringContaining('required') });
    expect(refusal({ q: 'a' })).toMatchObject({ field: 'q', message: 'must have at least 2 characters' });
    expect(refusal({ q: 'x'.repeat(201) })).toMatchObject({ field: 'q', message: 'must have at most 200 characters' });
    expect(refusal({ q: '-- !!' })).toMatchObject({ field: 'q', message: expect.stringContaining('nothing to look for') });
    expect(refusal({ q: ['a', 'b'] })).toMatchObject({ field: 'q', message: 'must be given once' });
  });

  it('refuses bad filters and limits, naming each', () => {
    expect(refusal({ q: 'smith', limit: '0' }).field).toBe('limit');
    expect(refusal({ q: 'smith', limit: 'ten' }).field).toBe('limit');
    expect(refusal({ q: 'smith', gender: 'f' }).field).toBe('gender');
    expect(refusal({ q: 'smith', active: 'yes' }).field).toBe('active');
    expect(refusal({ q: 'smith', birthDate: '12/03/1984' }).field).toBe('birthDate');
    expect(refusal({ q: 'smith', birthDate: '1984-02-30' }).field).toBe('birthDate');
  });
});

describe('one-edit spelling variants', () => {
  it('cover a swapped, missing, extra or wrong letter', () => {
    const v = oneEditVariants('smtih');
    expect(v).toEqual(expect.arrayContaining(['smith', 'smih', 'smttih', 'smtah']));
    expect(v).not.toContain('smtih');
    expect(oneEditVariants('jon')).toEqual(expect.arrayContaining(['john', 'joan', 'jo', 'don']));
    expect(oneEditVariants('jo')).toEqual([]);
  });
});

describe('the SQL sent to the store', () => {
  it('carries none of the typed text: every value is a bound parameter', () => {
    const typed = "o'hara'); DROP TABLE resource; -- 555-123-4567 X1'--";
    const { terms, limit } = parseLookupRequest({ q: typed, gender: 'female' }, TODAY);
    const { sql, params } = patientLookupSql(terms, { limit });
    for (const piece of ["o'hara", 'DROP', 'hara', '5551234567', '7654321', 'X1', 'female']) expect(sql).not.toContain(piece);
    expect(params).toContain("o'hara");
    expect(params).toContain('female');
  });
});
