/**
 * German number formatting, shared by the editor, the controlling pages and the Word and
 * PDF exports: euro from integer cents, percentages and values rounded half away from
 * zero on their exact decimal digits, "−" for negatives and no-break spaces before units.
 */
import type { KpiDefinition } from "../document/kpiCatalogue";

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
export function roundedMagnitude(value: number, decimals: number): bigint {
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
export function writeMagnitude(magnitude: bigint, decimals: number): string {
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
 * Formats a KPI value by its unit, the German way (rounded half away from zero).
 * @param value - the unrounded value
 * @param unit - the catalogue's unit
 * @param signed - show "+" before positive values (deviations)
 */
export function formatKpiValue(value: number, unit: KpiDefinition["unit"], signed = false): string {
  switch (unit) {
    case "percent":
      return formatPercent(value, signed);
    case "cents":
      return formatCents(value, signed);
    case "days":
      return `${formatNumber(value, { signed })}${UNIT_SPACE}Tage`;
    case "count":
      return formatNumber(value, { signed });
    case "fte":
      return `${formatNumber(value, { decimals: 2, signed })}${UNIT_SPACE}VK`;
    case "group":
      return formatNumber(value, { decimals: 2, signed });
  }
}
