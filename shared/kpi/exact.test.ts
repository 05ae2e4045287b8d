import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, compare, div, fromNumber, int, mul, ratio, roundHalfAwayFromZero, sub, toNumber } from "./exact";

describe("exact arithmetic", () => {
  it("[KPI-R1] reads a decimal as the decimal written, not as its binary approximation", () => {
    expect(fromNumber(0.1)).toEqual({ n: 1n, d: 10n });
    expect(fromNumber(22.75)).toEqual({ n: 91n, d: 4n });
    expect(fromNumber(-2.5)).toEqual({ n: -5n, d: 2n });
    expect(fromNumber(1e-7)).toEqual({ n: 1n, d: 10000000n });
    expect(fromNumber(1.5e21)).toEqual({ n: 1500000000000000000000n, d: 1n });
    expect(add(fromNumber(0.1), fromNumber(0.2))).toEqual(fromNumber(0.3));
  });

  it("[KPI-R1] rounds half away from zero", () => {
    expect(roundHalfAwayFromZero(ratio(5n, 2n))).toBe(3n);
    expect(roundHalfAwayFromZero(ratio(-5n, 2n))).toBe(-3n);
    expect(roundHalfAwayFromZero(ratio(7n, 2n))).toBe(4n);
    expect(roundHalfAwayFromZero(ratio(24999n, 10000n))).toBe(2n);
    expect(roundHalfAwayFromZero(ratio(-24999n, 10000n))).toBe(-2n);
    expect(roundHalfAwayFromZero(int(0))).toBe(0n);
  });

  it("[KPI-R1] rounding is symmetric and never off by more than a half", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        const r = ratio(n, d);
        const rounded = roundHalfAwayFromZero(r);
        expect(roundHalfAwayFromZero(ratio(-n, d))).toBe(-rounded);
        expect(compare(mul(int(2), abs(sub(r, int(rounded)))), int(1))).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("[KPI-R1] computes a 5 % deviation as exactly 5", () => {
    const deviation = div(mul(sub(int(21), int(20)), int(100)), int(20));
    expect(toNumber(deviation)).toBe(5);
    // The forbidden form drifts, which would turn a green corridor amber.
    expect((21 / 20 - 1) * 100).not.toBe(5);
  });

  it("[KPI-R1] converts large fractions to the nearest double", () => {
    const big = ratio(10n ** 30n + 1n, 3n);
    expect(toNumber(big)).toBeCloseTo(3.333333333333333e29, -15);
    expect(toNumber(ratio(1n, 3n * 10n ** 20n))).toBeCloseTo(1 / 3e20, 30);
    expect(() => div(int(1), int(0))).toThrow(RangeError);
  });
});

function abs(r: { n: bigint; d: bigint }) {
  return r.n < 0n ? { n: -r.n, d: r.d } : r;
}
