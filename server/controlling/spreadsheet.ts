/**
 * Uploaded figures and staff files as CSV text for the shared parsers: a CSV is decoded,
 * an Excel workbook (.xlsx) is converted so that every CSV line number equals the
 * spreadsheet's row number. The parsers then report e.g. `figures.xlsx:14:needGroup: …`.
 */
import { MAX_UNPACKED_BYTES, zipUncompressedSize } from "./zipSize";
// Loaded on the first Excel upload: it is large, and most processes never read one.
import type ExcelJS from "exceljs";
import type { KpiIssue, ParseResult } from "../../shared/kpi";

/** The formats an upload may have. */
export type UploadFormat = "csv" | "xlsx";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

/**
 * Decides how to read an upload from its name and its first bytes: an .xlsx is a ZIP
 * archive (`PK\x03\x04`); anything else not binary is taken as CSV.
 *
 * @param fileName - the name the user uploaded
 * @param bytes - the content
 * @returns the format, or a message saying why the file cannot be read
 * @example
 * detectUploadFormat("Zahlen.xlsx", bytes) // "xlsx"
 */
export function detectUploadFormat(fileName: string, bytes: Uint8Array): UploadFormat | { error: string } {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (startsWith(bytes, ZIP_MAGIC)) {
    if (extension === "ods" || extension === "numbers") return { error: "OpenDocument and Numbers files are not supported; save the sheet as .xlsx or CSV" };
    return "xlsx";
  }
  if (startsWith(bytes, OLE_MAGIC) || extension === "xls") return { error: "the old Excel format .xls is not supported; save the sheet as .xlsx or CSV" };
  if (extension === "xlsx" || extension === "xlsm") return { error: "the file is named .xlsx but is not an Excel workbook; save it again as .xlsx or CSV" };
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

/**
 * Converts the first sheet of an .xlsx workbook to comma-separated CSV text: row n of the
 * sheet is line n of the text (empty rows stay as blank lines), numbers are plain decimals
 * with ".", and dates in a `month`/`Monat` column become `YYYY-MM`.
 *
 * @param bytes - the workbook
 * @returns the CSV text; empty when the workbook has no sheet
 * @throws Error when the bytes are not a readable workbook
 * @example
 * parseFiguresCsv(await xlsxToCsv(bytes), "figures.xlsx")
 */
export async function xlsxToCsv(bytes: Uint8Array): Promise<string> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return "";
  const header = sheet.getRow(1);
  const monthColumns = new Set<number>();
  header.eachCell({ includeEmpty: false }, (cell, column) => {
    if (MONTH_HEADERS.has(cellText(cell.value, false).trim().toLowerCase())) monthColumns.add(column);
  });
  const lines: string[] = [];
  for (let rowNumber = 1; rowNumber <= sheet.rowCount; rowNumber++) {
    const row = sheet.getRow(rowNumber);
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) {
      cells.push(csvCell(cellText(row.getCell(column).value, monthColumns.has(column))));
    }
    lines.push(cells.every((cell) => cell.trim() === "") ? "" : cells.join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * Turns an uploaded CSV or Excel file into CSV text for `parseFiguresCsv`/`parseStaffCsv`.
 *
 * @param fileName - the uploaded file's name, for the issues
 * @param bytes - the content
 * @returns the CSV text, or one issue naming the file when it cannot be read at all
 */
export async function uploadToCsv(fileName: string, bytes: Uint8Array): Promise<ParseResult<string>> {
  const format = detectUploadFormat(fileName, bytes);
  const fail = (message: string): ParseResult<string> => ({ ok: false, errors: [{ file: fileName, message } satisfies KpiIssue] });
  if (typeof format !== "string") return fail(format.error);
  if (format === "csv") return { ok: true, value: decodeCsvBytes(bytes), warnings: [] };
  const unpacked = zipUncompressedSize(bytes);
  if (unpacked === null) return fail("cannot read the Excel workbook (it is not a complete .xlsx file); save it again as .xlsx or CSV");
  if (unpacked > MAX_UNPACKED_BYTES) {
    return fail(`the Excel workbook unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB; save only the figures sheet, or upload CSV`);
  }
  try {
    return { ok: true, value: await xlsxToCsv(bytes), warnings: [] };
  } catch (error) {
    return fail(`cannot read the Excel workbook (${(error as Error).message}); save it again as .xlsx or CSV`);
  }
}
