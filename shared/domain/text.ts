import { z } from "zod";

/**
 * Text hygiene: which invisible characters user-entered text may not hold, the zod checks
 * that refuse them at the API, and the escaping that keeps them out of reports and
 * exports for text the server cannot refuse (the measure fields typed into the shared
 * document).
 *
 * Refused: the C0 controls (NUL … U+001F), DEL, the C1 controls (U+0080–U+009F), the line
 * and paragraph separators U+2028/U+2029, and the bidi embeddings, overrides and isolates
 * U+202A–U+202E and U+2066–U+2069, which reorder what follows them ("Richtungsumkehr"), so
 * a name can read differently from what it is. Kept: the bidi marks U+200E, U+200F and
 * U+061C: they cannot reorder letters, only place neutral characters such as brackets,
 * and right-to-left names may need them.
 */

/** Characters a single-line text (name, title, place) may not hold. */
const FORBIDDEN_IN_LINE = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Characters a multi-line text (a textarea's) may not hold: the same, except tab and line breaks. */
const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Characters written as a visible `[U+XXXX]` in reports and exports. */
const FORBIDDEN_IN_LINE_ALL = new RegExp(FORBIDDEN_IN_LINE.source, "gu");
const FORBIDDEN_IN_TEXT_ALL = new RegExp(FORBIDDEN_IN_TEXT.source, "gu");

/**
 * Whether a text holds a character it may not hold.
 * @param value - the text
 * @param multiLine - true for a multi-line text: tab, line feed and carriage return are allowed then
 * @returns true when a control, separator or bidi override character is in it
 */
export function hasForbiddenCharacters(value: string, multiLine = false): boolean {
  return (multiLine ? FORBIDDEN_IN_TEXT : FORBIDDEN_IN_LINE).test(value);
}

/**
 * The German message of a refused text, naming the field.
 * @param label - the field's German name, e.g. "Titel"
 * @example
 * forbiddenCharactersMessage("Titel") // "Titel: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)"
 */
export function forbiddenCharactersMessage(label: string): string {
  return `${label}: enthält unzulässige Steuerzeichen (z. B. NUL oder Richtungsumkehr)`;
}

/**
 * The zod check of a single-line text (names, titles, places): refuses control,
 * separator and bidi override characters with a German message naming the field.
 * @param label - the field's German name, e.g. "Titel"
 * @example
 * const TitleSchema = z.string().trim().min(1).max(200).check(singleLineText("Titel"));
 */
export function singleLineText(label: string) {
  return z.refine<string>((value) => !hasForbiddenCharacters(value), forbiddenCharactersMessage(label));
}

/**
 * The zod check of a multi-line text (a textarea: agreements, notes, reasons): like
 * `singleLineText`, but tab and line breaks are allowed.
 * @param label - the field's German name, e.g. "Vereinbarung"
 */
export function multiLineText(label: string) {
  return z.refine<string>((value) => !hasForbiddenCharacters(value, true), forbiddenCharactersMessage(label));
}

/**
 * Writes every forbidden character of a text as a visible `[U+XXXX]`, for reports and
 * exports of text nobody could refuse (typed into the shared document) or stored before
 * it was refused: a reader sees that something was there, and nothing is reordered or cut.
 * @param text - the text
 * @param keep - "lineBreaks" keeps tab, line feed and carriage return (document text);
 *   "none" writes them visibly too (one CSV cell per line)
 * @example
 * revealForbiddenCharacters("Treff\u202Eabc", "none") // "Treff[U+202E]abc"
 */
export function revealForbiddenCharacters(text: string, keep: "lineBreaks" | "none"): string {
  return text.replace(keep === "lineBreaks" ? FORBIDDEN_IN_TEXT_ALL : FORBIDDEN_IN_LINE_ALL, (char) => `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}]`);
}
