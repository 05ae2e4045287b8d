/**
 * Uploaded figures and staff files as CSV text for the shared parsers: a CSV is decoded,
 * an Excel workbook (.xlsx) is converted so that every CSV line number equals the
 * spreadsheet's row number. The parsers then report e.g. `figures.xlsx:14:needGroup: …`.
 */
import { checkUnpackedSize, MAX_UNPACKED_BYTES, type UnpackedSizeCheck } from "./unpackedSize";
// Loaded on the first Excel upload: it is large, and most processes never read one.
import type ExcelJS from "exceljs";
import type { KpiIssue, KpiText, ParseResult } from "../../shared/kpi";

/** The formats an upload may have. */
export type UploadFormat = "csv" | "xlsx";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

/** Excel saves a workbook with a password to open as an OLE file holding this stream, not as a zip. */
function isEncryptedWorkbook(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from("EncryptedPackage", "utf16le"));
}

/** What the user can do about an unreadable workbook. */
const SAVE_AGAIN: KpiText = { de: "Bitte erneut als .xlsx oder CSV speichern.", en: "Please save it again as .xlsx or CSV." };
const NOT_A_WORKBOOK: KpiText = {
  de: `Die Excel-Datei lässt sich nicht lesen: ihr Inhalt ist keine gültige Arbeitsmappe. ${SAVE_AGAIN.de}`,
  en: `The Excel file cannot be read: its content is not a valid workbook. ${SAVE_AGAIN.en}`,
};

/**
 * Decides how to read an upload from its name and its first bytes: an .xlsx is a ZIP
 * archive (`PK\x03\x04`); anything else not binary is taken as CSV.
 *
 * @param fileName - the name the user uploaded
 * @param bytes - the content
 * @returns the format, or a message in German and English saying why the file cannot be read
 * @example
 * detectUploadFormat("Zahlen.xlsx", bytes) // "xlsx"
 */
export function detectUploadFormat(fileName: string, bytes: Uint8Array): UploadFormat | { error: KpiText } {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (startsWith(bytes, ZIP_MAGIC)) {
    if (extension === "ods" || extension === "numbers") {
      return {
        error: {
          de: "OpenDocument- und Numbers-Dateien werden nicht unterstützt. Bitte das Blatt als .xlsx oder CSV speichern.",
          en: "OpenDocument and Numbers files are not supported. Please save the sheet as .xlsx or CSV.",
        },
      };
    }
    return "xlsx";
  }
  if (startsWith(bytes, OLE_MAGIC) && isEncryptedWorkbook(bytes)) {
    return {
      error: {
        de: "Die Excel-Datei ist mit einem Kennwort geschützt. Bitte ohne Kennwort als .xlsx oder CSV speichern.",
        en: "The Excel file is protected by a password. Please save it without a password as .xlsx or CSV.",
      },
    };
  }
  if (startsWith(bytes, OLE_MAGIC) || extension === "xls") {
    return {
      error: {
        de: "Das alte Excel-Format .xls wird nicht unterstützt. Bitte das Blatt als .xlsx oder CSV speichern.",
        en: "The old Excel format .xls is not supported. Please save the sheet as .xlsx or CSV.",
      },
    };
  }
  if (extension === "xlsx" || extension === "xlsm") {
    return {
      error: {
        de: `Die Datei heißt .${extension}, ist aber keine Excel-Arbeitsmappe. ${SAVE_AGAIN.de}`,
        en: `The file is named .${extension} but is not an Excel workbook. ${SAVE_AGAIN.en}`,
      },
    };
  }
  return "csv";
}

/**
 * Decodes CSV bytes: UTF-8 (with or without BOM) as specified, else Windows-1252, in which
 * German Excel versions still save "CSV (Trennzeichen-getrennt)".
 *
 * @param bytes - the file content
 * @returns the text
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

const MONTH_HEADERS = new Set(["month", "monat"]);

/** A number as a plain decimal with ".", never in exponent notation. */
function plainDecimal(value: number): string {
  const text = String(value);
  if (!/e/i.test(text) || !Number.isFinite(value)) return text;
  return value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
}

function pad(value: number, length: number): string {
  return String(value).padStart(length, "0");
}

/** A cell's value as the text a CSV export would show; month cells holding dates become `YYYY-MM`. */
function cellText(value: ExcelJS.CellValue, isMonth: boolean): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return plainDecimal(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) {
    // exceljs gives spreadsheet dates as UTC midnight, so the UTC parts are the sheet's date.
    const month = `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1, 2)}`;
    return isMonth ? month : `${month}-${pad(value.getUTCDate(), 2)}`;
  }
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("error" in value) return String(value.error);
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as { result?: unknown }).result;
    if (result !== null && typeof result === "object" && !(result instanceof Date) && "error" in result) return String((result as { error: unknown }).error);
    return cellText((result ?? null) as ExcelJS.CellValue, isMonth);
  }
  if ("text" in value) return typeof value.text === "string" ? value.text : cellText(value.text as ExcelJS.CellValue, isMonth);
  return "";
}

function csvCell(text: string): string {
  // A line break inside a cell would shift the line numbers of every later row.
  const flat = text.replace(/\r\n?|\n/g, " ");
  return /[",;\t]/.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}

/** Longest CSV text one sheet may turn into: no more than the workbook may unpack to. */
const MAX_SHEET_TEXT = MAX_UNPACKED_BYTES;

/** A workbook that cannot be read, with the message for the user in German (the error's message) and English. */
class UnreadableWorkbook extends Error {
  constructor(readonly text: KpiText) {
    super(text.de);
  }
}

/** The user's message for a workbook the unpacked-size guard refused. */
function unpackedSizeMessage(check: Extract<UnpackedSizeCheck, { ok: false }>): KpiText {
  if (check.problem === "too_large") {
    return {
      de: `Die Excel-Datei ist zu groß: ${check.detail}. Bitte nur das Blatt mit den Zahlen speichern oder als CSV hochladen.`,
      en: `The Excel file is too large: ${check.detailEn}. Please save only the sheet with the figures, or upload a CSV.`,
    };
  }
  if (check.problem === "damaged") return { de: `Die Excel-Datei ist beschädigt: ${check.detail}. ${SAVE_AGAIN.de}`, en: `The Excel file is damaged: ${check.detailEn}. ${SAVE_AGAIN.en}` };
  return { de: `Die Excel-Datei lässt sich nicht lesen: ${check.detail}. ${SAVE_AGAIN.de}`, en: `The Excel file cannot be read: ${check.detailEn}. ${SAVE_AGAIN.en}` };
}

/**
 * Converts the first sheet of an .xlsx workbook to comma-separated CSV text: row n of the
 * sheet is line n of the text (empty rows stay as blank lines), numbers are plain decimals
 * with ".", and dates in a `month`/`Monat` column become `YYYY-MM`. The workbook passes the
 * unpacked-size guard before exceljs sees it.
 *
 * @param bytes - the workbook
 * @returns the CSV text; empty when the workbook has no sheet or no values
 * @throws Error with a German message (and the English as `text.en`) for the user when the bytes are not a readable
 *   workbook, unpack to more than {@link MAX_UNPACKED_BYTES}, or the sheet's text would be longer than that
 * @example
 * parseFiguresCsv(await xlsxToCsv(bytes), "figures.xlsx")
 */
export async function xlsxToCsv(bytes: Uint8Array): Promise<string> {
  const checked = await checkUnpackedSize(bytes);
  if (!checked.ok) throw new UnreadableWorkbook(unpackedSizeMessage(checked));
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    // exceljs's own words ("Bug : …", "Cannot read properties …") tell the user nothing.
    throw new UnreadableWorkbook(NOT_A_WORKBOOK);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return "";
  const header = sheet.getRow(1);
  const monthColumns = new Set<number>();
  header.eachCell({ includeEmpty: false }, (cell, column) => {
    if (MONTH_HEADERS.has(cellText(cell.value, false).trim().toLowerCase())) monthColumns.add(column);
  });
  // A few KB of sheet can name cell XFD1048576: only rows and cells that exist are visited
  // (getRow and getCell would create the missing ones), and the text is bounded as it grows.
  let budget = MAX_SHEET_TEXT;
  const spend = (chars: number) => {
    budget -= chars;
    if (budget < 0) {
      const megabytes = MAX_SHEET_TEXT / 1048576;
      throw new UnreadableWorkbook({
        de: `Die erste Tabelle der Excel-Datei ergibt mehr als ${megabytes} MB Text. Bitte nur die Zeilen mit den Zahlen speichern oder als CSV hochladen.`,
        en: `The first sheet of the Excel file makes more than ${megabytes} MB of text. Please save only the rows with the figures, or upload a CSV.`,
      });
    }
  };
  const parts: string[] = [];
  let nextRow = 1;
  sheet.eachRow((row, rowNumber) => {
    spend(rowNumber - nextRow);
    parts.push("\n".repeat(rowNumber - nextRow));
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) {
      const cell = row.findCell(column);
      const text = cell ? csvCell(cellText(cell.value, monthColumns.has(column))) : "";
      spend(text.length + 1);
      cells.push(text);
    }
    parts.push(cells.every((cell) => cell.trim() === "") ? "" : cells.join(","), "\n");
    nextRow = rowNumber + 1;
  });
  return parts.join("");
}

/**
 * Turns an uploaded CSV or Excel file into CSV text for `parseFiguresCsv`/`parseStaffCsv`.
 *
 * @param fileName - the uploaded file's name, for the issues
 * @param bytes - the content
 * @returns the CSV text, or one issue naming the file (English `message`, German `messageDe`) when it cannot be read at all
 */
export async function uploadToCsv(fileName: string, bytes: Uint8Array): Promise<ParseResult<string>> {
  const format = detectUploadFormat(fileName, bytes);
  const fail = (text: KpiText): ParseResult<string> => ({ ok: false, errors: [{ file: fileName, message: text.en, messageDe: text.de } satisfies KpiIssue] });
  if (typeof format !== "string") return fail(format.error);
  if (format === "csv") return { ok: true, value: decodeCsvBytes(bytes), warnings: [] };
  try {
    return { ok: true, value: await xlsxToCsv(bytes), warnings: [] };
  } catch (error) {
    return fail(error instanceof UnreadableWorkbook ? error.text : NOT_A_WORKBOOK);
  }
}
