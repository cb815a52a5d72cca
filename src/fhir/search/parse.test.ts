import { describe, expect, it } from 'vitest';
import { HaleError } from '../../errors.ts';
import { parseSearchRequest } from './parse.ts';

const parse = (type: string, q: string, lenient = false) => parseSearchRequest(type, new URLSearchParams(q), { lenient });

function problem(type: string, q: string): HaleError {
  try {
    parse(type, q);
  } catch (err) {
    if (err instanceof HaleError) return err;
    throw err;
  }
  throw new Error(`expected ${q} to be rejected`);
}

describe('parseSearchRequest', () => {
  it('resolves parameters, modifiers and prefixes through the definitions', () => {
    const req = parse('Patient', 'family:exact=García&birthdate=ge2020,lt1950&identifier=urn:x|1&general-practitioner:Practitioner=dr-1');
    expect(req.filters).toEqual([
      { param: 'family', table: 'string', conditions: [{ kind: 'string', mode: 'exact', value: 'García' }] },
      {
        param: 'birthdate',
        table: 'date',
        conditions: [
          { kind: 'date', prefix: 'ge', range: { low: '2020-01-01T00:00:00.000Z', high: '2020-12-31T23:59:59.999Z' } },
          { kind: 'date', prefix: 'lt', range: { low: '1950-01-01T00:00:00.000Z', high: '1950-12-31T23:59:59.999Z' } },
        ],
      },
      { param: 'identifier', table: 'token', conditions: [{ kind: 'token', system: 'urn:x', code: '1' }] },
      { param: 'general-practitioner', table: 'reference', conditions: [{ kind: 'reference', targetType: 'Practitioner', id: 'dr-1' }] },
    ]);
  });

  it('parses token forms and escaped separators', () => {
    const conditions = parse('Observation', String.raw`code=a,|b,sys|,sys|c,x\,y,s\|t`).filters[0]!.conditions;
    expect(conditions).toEqual([
      { kind: 'token', code: 'a' },
      { kind: 'token', system: null, code: 'b' },
      { kind: 'token', system: 'sys' },
      { kind: 'token', system: 'sys', code: 'c' },
      { kind: 'token', code: 'x,y' },
      { kind: 'token', code: 's|t' },
    ]);
  });

  it('has defaults and bounds for the result parameters', () => {
    const req = parse('Patient', '');
    expect(req).toMatchObject({ count: 20, offset: 0, sort: [], include: [], revinclude: [], ignored: [] });
    expect(req.total).toBeUndefined();
    expect(parse('Patient', '_count=5000').count).toBe(1000);
    expect(parse('Patient', '_count=0').count).toBe(0);
    const full = parse(
      'Observation',
      '_count=10&_offset=30&_total=accurate&_summary=count&_elements=code,value&_format=json&_include=Observation:subject&_revinclude:iterate=Provenance:target&_sort=-date,code,_id',
    );
    expect(full).toMatchObject({
      count: 10,
      offset: 30,
      total: 'accurate',
      summary: 'count',
      elements: ['code', 'value'],
      format: 'json',
      include: [{ sourceType: 'Observation', param: 'subject', iterate: false }],
      revinclude: [{ sourceType: 'Provenance', param: 'target', iterate: true }],
      sort: [
        { param: 'date', table: 'date', descending: true },
        { param: 'code', table: 'token', descending: false },
        { param: '_id', table: 'resource', descending: false },
      ],
    });
    // Paging links carry every accepted parameter except _offset.
    expect(full.canonicalParams.get('_offset')).toBeNull();
    expect(full.canonicalParams.get('_sort')).toBe('-date,code,_id');
  });

  it('rejects unknown and malformed parameters with a 400 naming each one', () => {
    const err = problem('Patient', 'foo=bar&birthdate=yesterday&name=x');
    expect(err.code).toBe('bad-request');
    expect(err.details.map((d) => d.field)).toEqual(['foo', 'birthdate']);
    expect(err.message).toContain('foo');
    for (const q of [
      'gender:in=http://x',
      'name:text=x',
      'name:foo=x',
      'subject.name=x',
      '_has:Observation:encounter:code=1', // Observation.encounter never points at a Patient
      '_has:Observation:subject:nope=1',
      'birthdate=2020-13',
      'birthdate=', // empty value
      'gender=a,,b',
      'identifier=a|b|c',
      'birthdate:missing=yes',
      '_count=-1',
      '_count=ten',
      '_count=1&_count=2',
      '_total=all',
      '_summary=maybe',
      '_sort=photo', // attachment: not sortable... not even indexed
      '_sort=link', // a reference
      '_elements=nothing',
      '_include=Observation:subject', // not a Patient parameter without :iterate
      '_include=Patient:name',
      '_revinclude=Observation:performer:Medication',
      'general-practitioner:Medication=1',
    ]) {
      expect(problem('Patient', q).details[0]!.field, q).toBe(q.split('=')[0]);
    }
  });

  it('ignores and lists the same parameters in lenient mode', () => {
    const req = parse('Patient', 'foo=bar&gender=male&_sort=nope&_count=abc', true);
    expect(req.filters.map((f) => f.param)).toEqual(['gender']);
    expect(req.sort).toEqual([]);
    expect(req.count).toBe(20);
    expect(req.ignored.map((i) => i.field)).toEqual(['foo', '_sort', '_count']);
    expect(req.ignored[0]!.message).toContain('unknown');
    expect([...req.canonicalParams.keys()]).toEqual(['gender']);
  });

  it('never puts client text into names: injection-shaped input is a value or an unknown name', () => {
    const injected = "'; DROP TABLE resource; --";
    expect(parse('Patient', `name=${encodeURIComponent(injected)}`).filters[0]!.conditions).toEqual([
      { kind: 'string', mode: 'starts', value: injected.toLowerCase() },
    ]);
    expect(problem('Patient', `_sort=${encodeURIComponent(injected)}`).details[0]!.field).toBe('_sort');
    expect(problem('Patient', `${encodeURIComponent(injected)}=1`).details[0]!.field).toBe(injected);
  });
});
