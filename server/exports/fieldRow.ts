/** A traffic-light colour a table cell is shaded with (its word is always in the cell too). */
export type Shade = "green" | "amber" | "red";

/** One row of a measure or KPI table in an export: a label and its value as lines. */
export interface FieldRow {
  /** German label, e.g. "Status". */
  label: string;
  /** The value, one entry per line; never empty ("–" when there is nothing). */
  lines: string[];
  /** Shading of the value cell. */
  shade?: Shade;
}
