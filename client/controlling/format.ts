/**
 * German number formatting and parsing for the controlling pages: euro from integer
 * cents, percentages rounded half away from zero, exact euro input to cents, and the
 * word and icon of a corridor state (a colour is never the only signal).
 */
import type { CorridorColour, CorridorDirection, CorridorEntry } from "../../shared/kpi/corridor";
import { roundedMagnitude } from "../../shared/format/germanNumbers";

export { MINUS, UNIT_SPACE, formatNumber, formatPercent, formatCents, type NumberFormatOptions } from "../../shared/format/germanNumbers";

/**
 * Writes cents for an input field: "98,50" (no grouping, no currency sign).
 *
 * @param cents - whole, non-negative cents
 * @returns the euro amount with a decimal comma
 */
export function centsToEuroInput(cents: number): string {
  const magnitude = roundedMagnitude(cents, 0);
  return `${cents < 0 && magnitude !== 0n ? "-" : ""}${magnitude / 100n},${(magnitude % 100n).toString().padStart(2, "0")}`;
}

const GROUPED = /^\d{1,3}(\.\d{3})+$/;
const PLAIN = /^\d+$/;

/**
 * Parses a German euro amount to whole cents exactly, by digits, never through a float.
 * Accepts "98,50", "98,5", "98", "1.234,56", "1234,56", a trailing "€" and, when there is
 * no comma, a decimal point with one or two digits ("98.50").
 *
 * @param input - what the user typed
 * @returns the cents, or null when the text is not a non-negative amount with ≤ 2 decimals
 * @example
 * parseEuroToCents("98,50") // 9850
 */
export function parseEuroToCents(input: string): number | null {
  const text = input.replace(/\s|\u00a0/g, "").replace(/(€|EUR)$/i, "");
  let whole: string;
  let fraction: string;
  if (text.includes(",")) {
    const parts = text.split(",");
    if (parts.length !== 2) return null;
    [whole, fraction] = parts;
    if (whole === "") whole = "0";
    if (!PLAIN.test(whole) && !GROUPED.test(whole)) return null;
  } else if (/^\d+\.\d{1,2}$/.test(text)) {
    [whole, fraction] = text.split(".");
  } else {
    [whole, fraction] = [text, ""];
    if (!PLAIN.test(whole) && !GROUPED.test(whole)) return null;
  }
  if (!/^\d{0,2}$/.test(fraction)) return null;
  const cents = BigInt(whole.replace(/\./g, "")) * 100n + BigInt(fraction.padEnd(2, "0") || "0");
  return cents > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(cents);
}

/**
 * Parses a German decimal such as "21,5" or "12.5" (FTE, cases, percentages).
 *
 * @param input - what the user typed
 * @returns the number, or null when empty or not a non-negative decimal
 */
export function parseDecimal(input: string): number | null {
  const text = input.trim().replace(",", ".");
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return null;
  return Number(text);
}

/**
 * Writes a number for an input field with a decimal comma and no grouping.
 *
 * @param value - the number
 * @returns e.g. "21,5"
 */
export function decimalToInput(value: number): string {
  return String(value).replace(".", ",");
}

/** Icon per corridor colour: shape differs, so it reads without colour. */
export const CORRIDOR_ICONS: Record<CorridorColour, string> = { green: "✓", amber: "⚠", red: "✖" };

/** Icon per direction. */
export const DIRECTION_ICONS: Record<CorridorDirection, string> = { above: "▲", below: "▼", on: "●" };

/** What to show for a corridor entry: icons and the i18n keys of its words. */
export interface CorridorDescription {
  /** The colour, for styling only. */
  colour: CorridorColour;
  /** Icon of the colour. */
  icon: string;
  /** Key of the colour's word, e.g. `controlling.corridor.amber` ("Warnbereich"). */
  colourKey: string;
  /** Icon of the direction. */
  directionIcon: string;
  /** Key of the direction's words, e.g. `controlling.direction.above` ("über Budget"). */
  directionKey: string;
}

/**
 * Describes a corridor entry by icon and words, so colour is never the only signal.
 *
 * @param entry - colour and direction from the KPI result
 * @returns icons and i18n keys under `controlling.corridor` and `controlling.direction`
 * @example
 * describeCorridor({ colour: "amber", direction: "above" }).colourKey // "controlling.corridor.amber"
 */
export function describeCorridor(entry: CorridorEntry): CorridorDescription {
  return {
    colour: entry.colour,
    icon: CORRIDOR_ICONS[entry.colour],
    colourKey: `controlling.corridor.${entry.colour}`,
    directionIcon: DIRECTION_ICONS[entry.direction],
    directionKey: `controlling.direction.${entry.direction}`,
  };
}

/**
 * A month in words, e.g. "April 2025" ("April 2025" in English too), for labels where
 * "2025-04" reads like a code.
 * @param year - the calendar year
 * @param month - 1–12
 * @param language - the UI language
 * @param withYear - whether to add the year
 */
export function monthInWords(year: number, month: number, language: string, withYear = true): string {
  // UTC on both sides, so no time zone moves the first of the month into the one before.
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleString(language, { month: "long", ...(withYear ? { year: "numeric" } : {}), timeZone: "UTC" });
}
