/**
 * German number formatting and parsing for the controlling pages: euro from integer
 * cents, percentages rounded half away from zero, exact euro input to cents, and the
 * word and icon of a corridor state (a colour is never the only signal).
 */
import type { CorridorColour, CorridorDirection, CorridorEntry } from "../../shared/kpi/corridor";

/** Minus sign (U+2212) for negative numbers, as in "−2,3 %". */
export const MINUS = "\u2212";

/** No-break space between a number and its unit, so "2,3 %" never wraps. */
export const UNIT_SPACE = "\u00a0";

/** Options of {@link formatNumber}. */
export interface NumberFormatOptions {
  /** Digits after the decimal comma (default 0). */
  decimals?: number;
  /** Show "+" before positive values (for deviations). */
  signed?: boolean;
}

/**
 * Splits a finite number into its exact shortest decimal digits, so 1.15 rounds as the
 * decimal 1.15 people see, not as the binary 1.149999…
 */
function decimalDigits(value: number): { digits: bigint; exponent: number } {
  const text = Math.abs(value).toString();
  const [mantissa, exponentText] = text.split("e");
  const [whole, fraction = ""] = mantissa.split(".");
  return { digits: BigInt(whole + fraction), exponent: Number(exponentText ?? 0) - fraction.length };
}

/**
 * Rounds |value| × 10^decimals to a whole number, half away from zero, exactly.
 *
 * @param value - a finite number
 * @param decimals - digits to keep after the decimal point
 * @returns the rounded magnitude as a bigint
 */
function roundedMagnitude(value: number, decimals: number): bigint {
  const { digits, exponent } = decimalDigits(value);
  const shift = exponent + decimals;
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const quotient = digits / divisor;
  return 2n * (digits % divisor) >= divisor ? quotient + 1n : quotient;
}

/** Groups the digits of a whole number by thousands with ".". */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** Writes a non-negative scaled magnitude with a decimal comma. */
function writeMagnitude(magnitude: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const whole = groupThousands((magnitude / scale).toString());
  if (decimals === 0) return whole;
  return `${whole},${(magnitude % scale).toString().padStart(decimals, "0")}`;
}

/** Puts the sign in front: "−" for negatives, "+" for positives when asked, none for zero. */
function withSign(text: string, negative: boolean, magnitude: bigint, signed: boolean): string {
  if (magnitude === 0n) return text;
  if (negative) return MINUS + text;
  return signed ? `+${text}` : text;
}

/**
 * Formats a number the German way, rounded half away from zero.
 *
 * @param value - the unrounded number
 * @param options - decimals and sign
 * @returns e.g. "1.234,5"; "–" for a non-finite value
 * @example
 * formatNumber(22.775, { decimals: 2 }) // "22,78"
 */
export function formatNumber(value: number, options: NumberFormatOptions = {}): string {
  if (!Number.isFinite(value)) return "–";
  const decimals = options.decimals ?? 0;
  const magnitude = roundedMagnitude(value, decimals);
  return withSign(writeMagnitude(magnitude, decimals), value < 0, magnitude, options.signed ?? false);
}

/**
 * Formats a percentage with one decimal, rounded half away from zero.
 *
 * @param value - the unrounded percentage (5 means 5 %)
 * @param signed - show "+" before positive values
 * @returns e.g. "2,3 %" for 2.25 and "−2,3 %" for −2.25
 * @example
 * formatPercent(-2.25) // "−2,3 %"
 */
export function formatPercent(value: number, signed = false): string {
  return `${formatNumber(value, { decimals: 1, signed })}${UNIT_SPACE}%`;
}

/**
 * Formats integer euro cents as euro, exactly (no float division).
 *
 * @param cents - whole cents; a fraction is rounded half away from zero first
 * @param signed - show "+" before positive amounts
 * @returns e.g. "1.932.602,00 €"
 * @example
 * formatCents(-974570) // "−9.745,70 €"
 */
export function formatCents(cents: number, signed = false): string {
  if (!Number.isFinite(cents)) return "–";
  const magnitude = roundedMagnitude(cents, 0);
  return `${withSign(writeMagnitude(magnitude, 2), cents < 0, magnitude, signed)}${UNIT_SPACE}€`;
}

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
