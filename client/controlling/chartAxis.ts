/**
 * The y axis of a chart of counts (cases, occupancy days): whole-number ticks on a range
 * that shows the values honestly. Left to itself, Chart.js spreads values like 57 and 58
 * over ticks 57.0, 57.1, … 58.0, which reads as a fraction of a person and as a steep
 * change where there is one case more.
 */

/** Range and tick distance of a count axis, as Chart.js's `min`, `max` and `ticks.stepSize`. */
export interface CountAxis {
  /** Lowest tick. */
  min: number;
  /** Highest tick. */
  max: number;
  /** Distance of ticks: a whole number 1, 2, 5, 10, 20, 50, … */
  stepSize: number;
}

/** About this many steps between lowest and highest tick. */
const STEPS = 5;

/** The smallest of 1, 2, 5, 10, 20, 50, … that is at least `raw`. */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 5, 10].find((f) => f * power >= raw)!;
  return factor * power;
}

/**
 * Chooses the y axis for counts. The axis starts at 0 when the smallest value is at most
 * half the largest (then the true size is visible at a glance); otherwise it leaves at least
 * one unit, or a tenth of the spread, free below and above the values, so neither the
 * lowest nor the highest point sits on the frame. Counts never give a negative tick.
 *
 * @param values - every value the chart draws; null and non-finite ones are left out
 * @returns range and whole-number tick distance
 * @example
 * countAxis([57, 58]) // { min: 56, max: 59, stepSize: 1 }
 */
export function countAxis(values: readonly (number | null | undefined)[]): CountAxis {
  const known = values.filter((value): value is number => typeof value === "number" && Number.isFinite(value));
  if (known.length === 0) return { min: 0, max: STEPS, stepSize: 1 };
  const low = Math.min(...known);
  const high = Math.max(...known);
  const fromZero = low >= 0 && low <= high / 2;
  const bottom = fromZero ? 0 : low;
  const padding = Math.max(1, (high - bottom) / 10);
  const rawMin = fromZero ? 0 : low - padding;
  const rawMax = high + padding;
  const stepSize = niceStep((rawMax - rawMin) / STEPS);
  let min = Math.floor(rawMin / stepSize) * stepSize;
  if (low >= 0) min = Math.max(0, min);
  return { min, max: Math.ceil(rawMax / stepSize) * stepSize, stepSize };
}

/**
 * The ticks of a count axis, lowest first.
 *
 * @param axis - from {@link countAxis}
 * @returns e.g. [56, 57, 58, 59]
 */
export function countTicks(axis: CountAxis): number[] {
  const ticks: number[] = [];
  for (let tick = axis.min; tick <= axis.max; tick += axis.stepSize) ticks.push(tick);
  return ticks;
}
