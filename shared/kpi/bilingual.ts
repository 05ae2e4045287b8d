/**
 * A text of the KPI engine in both languages, and the small pieces its messages share
 * (quotes, "got …", row references). The messages themselves are in messages.ts and
 * inputMessages.ts.
 */

/** One engine text in both languages of the product. */
export interface KpiText {
  /** English, the KPI command's language: kept in `message`, `reasons`, `trendReason`. */
  en: string;
  /** German, the UI's first language: kept in `messageDe`, `reasonsDe`, `trendReasonDe`. */
  de: string;
}

/** A value quoted the English way, "x", and the German way, „x“. */
export const quoteEn = (text: string) => `"${text}"`;
export const quoteDe = (text: string) => `„${text}“`;

/** English "got …" / German "gefunden …" after a rule, quoted like the cell was written, or not. */
export function found(value: string, quoted: boolean): KpiText {
  return quoted ? { en: `got ${quoteEn(value)}`, de: `gefunden ${quoteDe(value)}` } : { en: `got ${value}`, de: `gefunden ${value}` };
}

/** Where an earlier row is: its file line, or its position among rows without a file. */
export interface RowRef {
  /** 1-based file line, when the row came from a file. */
  line?: number | undefined;
  /** 1-based position, for rows without a line (forms, the database). */
  row: number;
}

/** The row named in a message: "line 12" / "Zeile 12", or its position. */
export function where(ref: RowRef): KpiText {
  return ref.line !== undefined ? { en: `line ${ref.line}`, de: `Zeile ${ref.line}` } : { en: `row ${ref.row}`, de: `Datensatz ${ref.row}` };
}
