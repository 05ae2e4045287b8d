import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { corridorOf } from "./corridor";
import { add, fromNumber, int, ratio, sub, type Ratio } from "./exact";
import { deviationPct } from "./formulas";

/** Thresholds with one decimal, green ≤ amber, as an agreement may hold them. */
const thresholds = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 })).map(([a, b]) => [Math.min(a, b) / 10, Math.max(a, b) / 10] as const);
const sideSign = fc.constantFrom(1n, -1n);
const tiny = ratio(1n, 10n ** 12n);

function signed(r: Ratio, s: bigint): Ratio {
  return { n: r.n * s, d: r.d };
}

describe("corridor", () => {
  it("[KPI12] green up to greenPct, amber up to amberPct, red beyond, with direction", () => {
    expect(corridorOf(int(3), 5, 10)).toEqual({ colour: "green", direction: "above" });
    expect(corridorOf(int(-7), 5, 10)).toEqual({ colour: "amber", direction: "below" });
    expect(corridorOf(int(12), 5, 10)).toEqual({ colour: "red", direction: "above" });
    expect(corridorOf(int(0), 5, 10)).toEqual({ colour: "green", direction: "on" });
    expect(corridorOf(null, 5, 10)).toBeNull();
  });

  it("[KPI-R7] thresholds are inclusive: exactly ±greenPct is green, exactly ±amberPct is amber", () => {
    fc.assert(
      fc.property(thresholds, sideSign, ([green, amber], s) => {
        expect(corridorOf(signed(fromNumber(green), s), green, amber)?.colour).toBe("green");
        expect(corridorOf(signed(fromNumber(amber), s), green, amber)?.colour).toBe(amber === green ? "green" : "amber");
      }),
    );
  });

  it("[KPI-R7] the colour switches exactly past the thresholds, however small the excess", () => {
    fc.assert(
      fc.property(thresholds, sideSign, ([green, amber], s) => {
        const pastGreen = corridorOf(signed(add(fromNumber(green), tiny), s), green, amber);
        expect(pastGreen?.colour).toBe(green === amber ? "red" : "amber");
        expect(corridorOf(signed(add(fromNumber(amber), tiny), s), green, amber)?.colour).toBe("red");
        if (green > 0) expect(corridorOf(signed(sub(fromNumber(green), tiny), s), green, amber)?.colour).toBe("green");
        expect(corridorOf(signed(fromNumber(green), s), green, amber)?.direction).toBe(s > 0n && green > 0 ? "above" : green === 0 ? "on" : "below");
      }),
    );
  });

  it("[KPI-R7] a deviation of exactly greenPct computed from integer budgets stays green", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 20 }), sideSign, (unit, green, s) => {
        // budget = 100 × unit, actual = budget ± green × unit: exactly ±green %.
        const budget = 100 * unit;
        const actual = budget + Number(s) * green * unit;
        const deviation = deviationPct(int(actual), int(budget), "budget").value;
        expect(corridorOf(deviation, green, green + 5)?.colour).toBe("green");
        expect(corridorOf(deviationPct(int(actual + Number(s)), int(budget), "budget").value, green, green + 5)?.colour).toBe("amber");
      }),
    );
  });

  it("[KPI-R1] 21 against a budget of 20 is green at 5 %, although (21 / 20 − 1) × 100 exceeds 5", () => {
    const deviation = deviationPct(int(21), int(20), "budget").value;
    expect(corridorOf(deviation, 5, 10)).toEqual({ colour: "green", direction: "above" });
    expect((21 / 20 - 1) * 100 > 5).toBe(true);
  });
});
