/**
 * Exact rational arithmetic on BigInt, for the figures that must not drift.
 *
 * Budgets, deviations and corridor decisions are computed on exact fractions and
 * converted to a JS number (or rounded to a cent) only once, at the end, so that an
 * exact 5 % stays 5 and green stays green ([KPI-R1]).
 */

/** A reduced fraction `n / d` with `d > 0`. */
export interface Ratio {
  /** Numerator, carries the sign. */
  readonly n: bigint;
  /** Denominator, always positive. */
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/**
 * Builds a reduced fraction.
 *
 * @param n - numerator
 * @param d - denominator, not zero
 * @returns the fraction n/d in lowest terms
 * @throws RangeError when `d` is zero
 */
export function ratio(n: bigint, d: bigint = 1n): Ratio {
  if (d === 0n) throw new RangeError("division by zero");
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

/**
 * Converts a finite JS number to the exact decimal it was written as (`0.1` → 1/10).
 * Uses the shortest round-trip representation, which is what a JSON or CSV author typed.
 *
 * @param x - a finite number
 * @returns the decimal value of `String(x)` as a fraction
 * @throws RangeError when `x` is not finite
 */
export function fromNumber(x: number): Ratio {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isInteger(x) && Number.isSafeInteger(x)) return { n: BigInt(x), d: 1n };
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!match) throw new RangeError(`cannot read number ${x}`);
  const [, sign, whole, fraction = "", exponentText = "0"] = match;
  const exponent = Number(exponentText) - fraction.length;
  let n = BigInt(whole + fraction);
  if (sign === "-") n = -n;
  return exponent >= 0 ? ratio(n * 10n ** BigInt(exponent)) : ratio(n, 10n ** BigInt(-exponent));
}

/** @returns a + b */
export function add(a: Ratio, b: Ratio): Ratio {
  return a.d === b.d ? ratio(a.n + b.n, a.d) : ratio(a.n * b.d + b.n * a.d, a.d * b.d);
}

/** @returns a − b */
export function sub(a: Ratio, b: Ratio): Ratio {
  return a.d === b.d ? ratio(a.n - b.n, a.d) : ratio(a.n * b.d - b.n * a.d, a.d * b.d);
}

/** @returns a × b */
export function mul(a: Ratio, b: Ratio): Ratio {
  return ratio(a.n * b.n, a.d * b.d);
}

/**
 * @returns a / b
 * @throws RangeError when b is zero; callers check {@link isZero} first and report a reason
 */
export function div(a: Ratio, b: Ratio): Ratio {
  return ratio(a.n * b.d, a.d * b.n);
}

/** @returns −1, 0 or 1 as a is below, equal to or above b */
export function compare(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** @returns the sign of r: −1, 0 or 1 */
export function sign(r: Ratio): -1 | 0 | 1 {
  return r.n < 0n ? -1 : r.n > 0n ? 1 : 0;
}

/** @returns |r| */
export function abs(r: Ratio): Ratio {
  return r.n < 0n ? { n: -r.n, d: r.d } : r;
}

/** @returns true when r is exactly zero */
export function isZero(r: Ratio): boolean {
  return r.n === 0n;
}

/** @returns the fraction for a JS integer */
export function int(x: number | bigint): Ratio {
  return { n: BigInt(x), d: 1n };
}

/**
 * Rounds to the nearest integer, halves away from zero (2.5 → 3, −2.5 → −3).
 *
 * @param r - the exact value
 * @returns the rounded integer
 */
export function roundHalfAwayFromZero(r: Ratio): bigint {
  const magnitude = r.n < 0n ? -r.n : r.n;
  const rounded = (2n * magnitude + r.d) / (2n * r.d);
  return r.n < 0n ? -rounded : rounded;
}

/** Number.MAX_SAFE_INTEGER as a BigInt, made once: {@link toNumber} runs for every KPI of every period. */
const SAFE_LIMIT = BigInt(Number.MAX_SAFE_INTEGER);

function bitLength(x: bigint): number {
  return (x < 0n ? -x : x).toString(2).length;
}

/**
 * Converts to the nearest JS number (within one or two units in the last place).
 *
 * @param r - the exact value
 * @returns the value as a double
 */
export function toNumber(r: Ratio): number {
  if (r.n <= SAFE_LIMIT && r.n >= -SAFE_LIMIT && r.d <= SAFE_LIMIT) return Number(r.n) / Number(r.d);
  // Scale so the integer quotient keeps about 64 significant bits, then scale back.
  const shift = bitLength(r.d) - bitLength(r.n) + 64;
  const quotient = shift >= 0 ? (r.n << BigInt(shift)) / r.d : r.n / (r.d << BigInt(-shift));
  return Number(quotient) * 2 ** -shift;
}
