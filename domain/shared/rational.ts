/**
 * Exact rational arithmetic on bigints, and the one rounding routine of the engine:
 * half away from zero (2.5 → 3, −2.5 → −3), unlike Math.round (−2.5 → −2).
 */

/** A fraction num/den with den > 0. Not necessarily reduced. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

export function ratio(num: bigint, den: bigint): Ratio {
  if (den === 0n) throw new RangeError('ratio: zero denominator');
  return den < 0n ? { num: -num, den: -den } : { num, den };
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** num/den rounded to the nearest integer, halves away from zero. */
export function roundHalfAwayFromZero(num: bigint, den: bigint): bigint {
  const r = ratio(num, den);
  const magnitude = (2n * abs(r.num) + r.den) / (2n * r.den);
  return r.num < 0n ? -magnitude : magnitude;
}

/** The ratio rounded to a multiple of 1/scale (e.g. scale 10^9 for nine decimals), halves away from zero. */
export function roundRatioTo(r: Ratio, scale: bigint): Ratio {
  return { num: roundHalfAwayFromZero(r.num * scale, r.den), den: scale };
}

export function compareRatios(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function reduce(r: Ratio): Ratio {
  const g = gcd(r.num, r.den);
  return g <= 1n ? r : { num: r.num / g, den: r.den / g };
}

/** "num/den" in lowest terms: the JSON-safe form of a ratio in events. */
export function formatRatio(r: Ratio): string {
  const { num, den } = reduce(r);
  return `${num}/${den}`;
}

/** A non-negative ratio as a decimal string with `places` digits, rounded half away from zero. */
export function ratioToDecimal(r: Ratio, places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = roundHalfAwayFromZero(r.num * scale, r.den);
  const sign = scaled < 0n ? '-' : '';
  const digits = abs(scaled).toString().padStart(places + 1, '0');
  return places === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
