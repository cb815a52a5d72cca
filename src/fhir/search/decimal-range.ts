/**
 * Exact decimal arithmetic for number and quantity search values. FHIR gives a search
 * number the precision it is written with: `100` means [99.5, 100.5), `100.0` means
 * [99.95, 100.05), `1e2` means [50, 150). BigInt keeps those bounds exact (binary floating
 * point would turn 0.15 into 0.1499999...).
 */

const NUMBER_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

interface Scaled {
  /** value = mantissa * 10^-scale */
  mantissa: bigint;
  scale: number;
}

export interface DecimalRange {
  /** The value, normalised to plain decimal notation. */
  value: string;
  /** Inclusive lower end of the implied precision range. */
  low: string;
  /** Exclusive upper end of the implied precision range. */
  high: string;
  /** 10% of the value either side, for the `ap` prefix. */
  approxLow: string;
  approxHigh: string;
}

function format(n: Scaled): string {
  const negative = n.mantissa < 0n;
  let digits = (negative ? -n.mantissa : n.mantissa).toString();
  if (n.scale > 0) {
    digits = digits.padStart(n.scale + 1, '0');
    digits = `${digits.slice(0, -n.scale)}.${digits.slice(-n.scale)}`;
  } else if (n.scale < 0) digits += '0'.repeat(-n.scale);
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

function rescale(n: Scaled, scale: number): bigint {
  return scale >= n.scale ? n.mantissa * 10n ** BigInt(scale - n.scale) : n.mantissa / 10n ** BigInt(n.scale - scale);
}

/** Parses a FHIR search number; undefined when the text is not one. */
export function decimalRange(text: string): DecimalRange | undefined {
  const m = NUMBER_RE.exec(text);
  if (!m) return undefined;
  const [, sign, intPart = '', fracPart = '', expPart] = m;
  if (intPart.length + fracPart.length === 0 || intPart.length + fracPart.length > 40) return undefined;
  const exponent = expPart === undefined ? 0 : Number(expPart);
  // Far beyond any clinical value, and it keeps the strings (and PostgreSQL numerics) small.
  if (Math.abs(exponent) > 100) return undefined;
  const mantissa = BigInt(`${sign === '-' ? '-' : ''}${intPart}${fracPart}` || '0');
  const value: Scaled = { mantissa, scale: fracPart.length - exponent };
  // Half a unit of the last written digit: precision decimals p -> 5 * 10^-(p+1).
  const halfScale = value.scale + 1;
  const scale = Math.max(halfScale, 0);
  const v = rescale(value, scale);
  const half = 5n * 10n ** BigInt(scale - halfScale);
  const abs = v < 0n ? -v : v;
  const tenthScale = scale + 1;
  const vt = v * 10n;
  return {
    value: format(value),
    low: format({ mantissa: v - half, scale }),
    high: format({ mantissa: v + half, scale }),
    approxLow: format({ mantissa: vt - abs, scale: tenthScale }),
    approxHigh: format({ mantissa: vt + abs, scale: tenthScale }),
  };
}
