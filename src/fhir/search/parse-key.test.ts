/** Chained and reverse-chained keys: resolved through the definitions, never spliced into SQL. */
import { describe, expect, it } from 'vitest';
import { HaleError } from '../../errors.ts';
import { buildSearchSql } from './build-sql.ts';
import { parseSearchRequest } from './parse.ts';

const parse = (type: string, q: string) => parseSearchRequest(type, new URLSearchParams(q), { lenient: false });

function problem(type: string, q: string): string {
  try {
    parse(type, q);
  } catch (err) {
    if (err instanceof HaleError) return err.details.map((d) => d.message).join(' | ');
    throw err;
  }
  throw new Error(`expected ${q} to be rejected`);
}

describe('chained keys', () => {
  it('infer the target type when one target has the parameter, or take :Type', () => {
    expect(parse('Observation', 'patient.name:exact=Smith').filters).toEqual([
      {
        param: 'patient',
        table: 'chain',
        conditions: [],
        chain: {
          targetType: 'Patient',
          filter: { param: 'name', table: 'string', conditions: [{ kind: 'string', mode: 'exact', value: 'Smith' }] },
        },
      },
    ]);
    const two = parse('Observation', 'subject:Patient.organization.name=acme').filters[0]!;
    expect(two.chain!.targetType).toBe('Patient');
    expect(two.chain!.filter.chain!.targetType).toBe('Organization');
    expect(problem('Observation', 'subject.name=x')).toMatch(/subject may point at .*Patient.*name one, e.g. subject:\w+\.name/);
  });

  it('nest _has, and chains inside it', () => {
    const f = parse('Organization', '_has:Patient:organization:_has:Observation:patient:code=x').filters[0]!;
    expect(f).toMatchObject({ param: 'organization', table: 'has', has: { sourceType: 'Patient' } });
    expect(f.has!.filter).toMatchObject({ param: 'patient', table: 'has', has: { sourceType: 'Observation', filter: { param: 'code' } } });
    expect(parse('Patient', '_has:Observation:patient:performer:Practitioner.name=adams').filters[0]!.has!.filter.chain!.targetType).toBe(
      'Practitioner',
    );
    const deep = '_has:Patient:organization:_has:Observation:patient:_has:Provenance:target';
    expect(parse('Organization', `${deep}:agent=Practitioner/1`).filters).toHaveLength(1);
    expect(problem('Organization', `${deep}:agent:Practitioner.name=x`)).toMatch(/at most 3 links/);
  });

  it('keep client text out of the SQL: names resolve through the definitions, values are bound', () => {
    const injected = "x'); DROP TABLE resource; --";
    for (const key of [
      `subject:${injected}.name`,
      `${injected}.name`,
      `_has:${injected}:patient:code`,
      `_has:Observation:${injected}:code`,
    ]) {
      expect(() => parse('Observation', `${encodeURIComponent(key)}=1`), key).toThrow(HaleError);
    }
    const built = buildSearchSql(parse('Patient', `_has:Observation:patient:subject:Patient.name=${encodeURIComponent(injected)}`));
    expect(built.sql).not.toContain('DROP');
    expect(built.sql).not.toMatch(/Observation|Patient|'patient'|'name'/);
    expect(built.params).toEqual(expect.arrayContaining(['Patient', 'Observation', 'patient', 'subject', 'name']));
  });
});
