import { describe, expect, it } from "vitest";
import { countAxis, countTicks } from "./chartAxis";
import { formatNumber } from "./format";

describe("the y axis of a chart of counts", () => {
  it("gives whole-number ticks around values of 57 and 58 instead of 57,0 … 58,0", () => {
    const axis = countAxis([57, 58, 58, null, 57]);
    expect(axis).toEqual({ min: 56, max: 59, stepSize: 1 });
    const ticks = countTicks(axis);
    expect(ticks).toEqual([56, 57, 58, 59]);
    expect(ticks.every(Number.isInteger)).toBe(true);
    expect(ticks.map((tick) => formatNumber(tick))).toEqual(["56", "57", "58", "59"]);
  });

  it("keeps room below and above, so no point sits on the frame, also with a fractional mean", () => {
    const axis = countAxis([57.4, 58, 57]);
    expect(axis.min).toBeLessThan(57);
    expect(axis.max).toBeGreaterThan(58);
    expect(countTicks(axis).every(Number.isInteger)).toBe(true);
  });

  it("starts at zero when the smallest value is at most half the largest", () => {
    expect(countAxis([0, 3])).toEqual({ min: 0, max: 4, stepSize: 1 });
    expect(countAxis([12, 30]).min).toBe(0);
  });

  it("chooses steps of 1, 2 or 5 times a power of ten for large counts such as occupancy days", () => {
    const axis = countAxis([5049, 5500]);
    expect([1, 2, 5].some((factor) => [1, 10, 100, 1000].some((power) => factor * power === axis.stepSize))).toBe(true);
    expect(axis.min).toBeLessThanOrEqual(5049);
    expect(axis.max).toBeGreaterThanOrEqual(5500);
    expect(countTicks(axis).length).toBeLessThanOrEqual(8);
  });

  it("never gives a negative tick for counts, and a small axis from 0 without any value", () => {
    expect(countAxis([1, 1]).min).toBe(0);
    expect(countAxis([])).toEqual({ min: 0, max: 5, stepSize: 1 });
    expect(countAxis([null, Number.NaN])).toEqual({ min: 0, max: 5, stepSize: 1 });
  });
});
