/** CSV export: RFC 4180 quoting, one line per row, and no formulas from client text. */
import { describe, expect, it } from 'vitest';
import type { ChainRow } from './audit-chain.ts';
import { CSV_HEADER, csvChunks, csvField, csvRow, csvText } from './audit-csv.ts';

/** A minimal RFC 4180 reader, to check that what we write reads back field for field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\r' && text[i + 1] === '\n') (row.push(field), rows.push(row), (row = []), (field = ''), i++);
    else field += c;
  }
  return rows;
}

const base: ChainRow = {
  seq: '7',
  recorded_at: new Date('2026-11-23T10:00:00.000Z'),
  user_id: 'u-1',
  roles: ['doctor', 'admin'],
  action: 'search',
  outcome: 'success',
  resource_type: 'Patient',
  resource_id: null,
  patient_ids: ['p-1', 'p-2'],
  query: 'name=O\'Brien, "Pat"\r\nline2',
  result_ids: ['Patient/p-1', 'Patient/p-2'],
  ip: '127.0.0.1',
  user_agent: '=HYPERLINK("http://evil","x")',
  request_id: 'r-1',
  detail: { reason: 'a,b' },
  chain_pos: '3',
  hash: 'abc',
};

describe('audit CSV', () => {
  it('quotes only what needs it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\ronly')).toBe('"cr\ronly"');
    expect(csvField(null)).toBe('');
    expect(csvField(['a', 'b'])).toBe('a b');
  });

  it('neutralises formulas in client text only', () => {
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvText('-2+3,x')).toBe(`"'-2+3,x"`);
    expect(csvText('Mozilla/5.0')).toBe('Mozilla/5.0');
    expect(csvField('-1')).toBe('-1');
  });

  it('writes a row that reads back field for field, under the header', async () => {
    let text = '';
    async function* pages() {
      yield [base, { ...base, seq: '8', query: null, user_agent: null, detail: null }];
    }
    for await (const chunk of csvChunks(pages())) text += chunk;
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(CSV_HEADER);
    expect(rows).toHaveLength(3);
    const r = Object.fromEntries(CSV_HEADER.map((h, i) => [h, rows[1]![i]]));
    expect(r).toMatchObject({
      seq: '7',
      recorded_at: '2026-11-23T10:00:00.000Z',
      roles: 'doctor admin',
      patient_ids: 'p-1 p-2',
      query: 'name=O\'Brien, "Pat"\r\nline2',
      user_agent: `'=HYPERLINK("http://evil","x")`,
      detail: '{"reason":"a,b"}',
      result_ids: 'Patient/p-1 Patient/p-2',
      hash: 'abc',
    });
    expect(rows[2]![CSV_HEADER.indexOf('query')]).toBe('');
    expect(parseCsv(csvRow(base) + '\r\n')[0]).toHaveLength(CSV_HEADER.length);
  });
});
