/**
 * [KPI12] Corridor colour and direction of a deviation, decided on the exact value
 * ([KPI-R7]): thresholds are inclusive, `on` only at exactly 0.
 */
import { abs, compare, fromNumber, sign, type Ratio } from "./exact";

/** Traffic-light colour of a deviation. */
export type CorridorColour = "green" | "amber" | "red";

/** Whether the actual value is above, below or exactly on budget. */
export type CorridorDirection = "above" | "below" | "on";

/** Colour and direction of one deviation. */
export interface CorridorEntry {
  /** green: |d| ≤ greenPct; amber: |d| ≤ amberPct; red otherwise. */
  colour: CorridorColour;
  /** above for d > 0, below for d < 0, on at exactly 0. */
  direction: CorridorDirection;
}

/**
 * Classifies a deviation. Thresholds come from the agreement and may be decimals.
 *
 * @param deviationPct - the exact deviation in percent, or null when it has no value
 * @param greenPct - upper bound (inclusive) of green
 * @param amberPct - upper bound (inclusive) of amber
 * @returns the entry, or null for a deviation without a value
 * @example
 * corridorOf(int(5), 5, 10) // { colour: "green", direction: "above" }
 */
export function corridorOf(deviationPct: Ratio | null, greenPct: number, amberPct: number): CorridorEntry | null {
  if (deviationPct === null) return null;
  const size = abs(deviationPct);
  const colour: CorridorColour = compare(size, fromNumber(greenPct)) <= 0 ? "green" : compare(size, fromNumber(amberPct)) <= 0 ? "amber" : "red";
  const s = sign(deviationPct);
  return { colour, direction: s > 0 ? "above" : s < 0 ? "below" : "on" };
}
