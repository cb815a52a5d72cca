import { describe, expect, it } from 'vitest';
import { dateRange } from './date-range.ts';
import { decimalRange } from './decimal-range.ts';

describe('dateRange', () => {
  it('covers the precision written, in UTC', () => {
    expect(dateRange('2020')).toEqual({ low: '2020-01-01T00:00:00.000Z', high: '2020-12-31T23:59:59.999Z' });
    expect(dateRange('2020-02')).toEqual({ low: '2020-02-01T00:00:00.000Z', high: '2020-02-29T23:59:59.999Z' });
    expect(dateRange('2021-02')).toEqual({ low: '2021-02-01T00:00:00.000Z', high: '2021-02-28T23:59:59.999Z' });
    expect(dateRange('2020-03-05')).toEqual({ low: '2020-03-05T00:00:00.000Z', high: '2020-03-05T23:59:59.999Z' });
    expect(dateRange('2020-03-05T10:00')).toEqual({ low: '2020-03-05T10:00:00.000Z', high: '2020-03-05T10:00:59.999Z' });
    expect(dateRange('2020-03-05T10:00:01+02:00')).toEqual({ low: '2020-03-05T08:00:01.000Z', high: '2020-03-05T08:00:01.999Z' });
    expect(dateRange('2020-03-05T10:00:01.5Z')).toEqual({ low: '2020-03-05T10:00:01.500Z', high: '2020-03-05T10:00:01.599Z' });
    expect(dateRange('2020-03-05T10:00:01.123456-05:00')).toEqual({ low: '2020-03-05T15:00:01.123Z', high: '2020-03-05T15:00:01.123Z' });
    expect(dateRange('0050-06')?.low).toBe('0050-06-01T00:00:00.000Z'); // not 1950
  });

  it('rejects what is not a date', () => {
    for (const s of ['', '20', '2020-13', '2020-02-30', '2020-01-01T25:00', '2020-01-01T10:00+15:00', 'yesterday', '2020-1-1']) {
      expect(dateRange(s), s).toBeUndefined();
    }
  });
});

describe('decimalRange', () => {
  it('gives the range implied by the written precision, exactly', () => {
    expect(decimalRange('100')).toMatchObject({ value: '100', low: '99.5', high: '100.5' });
    expect(decimalRange('100.00')).toMatchObject({ low: '99.995', high: '100.005' });
    expect(decimalRange('1e2')).toMatchObject({ value: '100', low: '50', high: '150' });
    expect(decimalRange('0.15')).toMatchObject({ low: '0.145', high: '0.155', approxLow: '0.1350', approxHigh: '0.1650' });
    expect(decimalRange('-2.5')).toMatchObject({ value: '-2.5', low: '-2.55', high: '-2.45' });
  });

  it('rejects what is not a number', () => {
    for (const s of ['', '-', '.', 'abc', '1,5', '0x10', '1e1000', '1.2.3']) expect(decimalRange(s), s).toBeUndefined();
  });
});
