/**
 * CSV reading shared by the figures and staff files: finds columns by header name (English
 * or German) in any order, keeps the file line of every record, skips blank lines and a
 * UTF-8 BOM, and refuses columns that would hold personal data of the people served.
 */
import Papa from "papaparse";
import { issueOf, type KpiIssue } from "./errors";
import { csvTexts, type KpiText } from "./messages";

/** A column the reader looks for. */
export interface CsvColumnSpec<K extends string> {
  /** Canonical name, used in error messages when the column is missing. */
  key: K;
  /** Accepted header spellings besides `key`, compared case- and space-insensitively. */
  aliases: readonly string[];
}

/** One data record with the 1-based line it starts on. */
export interface CsvRecord {
  /** 1-based line in the file. */
  line: number;
  /** Cell texts, untrimmed, in file column order. */
  cells: string[];
}

/** A CSV file with its columns located. */
export interface CsvTable<K extends string> {
  /** Per column: its index in `cells` and its header as written in the file. */
  columns: Record<K, { index: number; header: string }>;
  /** The data records, blank lines left out. */
  records: CsvRecord[];
}

/** Outcome of {@link readCsvTable}: the table when the header is usable, and all errors. */
export interface CsvReadResult<K extends string> {
  /** The table, or null when the header is unusable (errors say why). */
  table: CsvTable<K> | null;
  /** Structural errors (header, quoting); field errors come from the caller. */
  errors: KpiIssue[];
}

/** Lower case, Unicode-normalised, without spaces, underscores and hyphens. */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFC")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
}

const PERSONAL_EXACT = new Set([
  "name",
  "vorname",
  "nachname",
  "familienname",
  "geburtsname",
  "firstname",
  "lastname",
  "surname",
  "fullname",
  "givenname",
  "dob",
  "birthday",
  "address",
  "adresse",
  "anschrift",
  "strasse",
  "straße",
  "street",
  "wohnort",
  "telefon",
  "telefonnummer",
  "phone",
  "email",
  "e-mail",
  "mail",
  "versichertennummer",
  "sozialversicherungsnummer",
  "svnummer",
  "steuerid",
  "initialen",
  "initials",
]);
const PERSONAL_PARTS = ["geburt", "birth", "adress", "anschrift"];
const PERSON_WORDS = [
  "klient",
  "client",
  "person",
  "patient",
  "bewohner",
  "resident",
  "leistungsberechtigt",
  "kunde",
  "customer",
  "first",
  "last",
  "sur",
  "full",
  "given",
  "family",
  "familien",
  "vor",
  "nach",
  "ruf",
  "maiden",
];

/**
 * Decides whether a header names personal data of the people served. Figures are
 * aggregates by law and contract, so such a column refuses the whole file ([KPI-R15]).
 *
 * @param header - a header cell
 * @returns true for e.g. `Name`, `Vorname`, `Geburtsdatum`, `birthdate`, `Adresse`, `Klientenname`
 */
export function looksLikePersonalData(header: string): boolean {
  const h = normaliseHeader(header);
  if (PERSONAL_EXACT.has(h)) return true;
  if (PERSONAL_PARTS.some((part) => h.includes(part))) return true;
  return h.endsWith("name") && PERSON_WORDS.some((word) => h.startsWith(word));
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === "");
}

/**
 * Picks the separator from the header line: `,` as specified, or `;`/tab as spreadsheet
 * exports in German locales write. A header cell never contains a separator.
 */
function guessDelimiter(source: string): string {
  const header = source.split("\n").find((line) => line.trim() !== "") ?? "";
  const count = (separator: string) => header.split(separator).length - 1;
  const best = [",", ";", "\t"].reduce((a, b) => (count(b) > count(a) ? b : a));
  return count(best) > 0 ? best : ",";
}

/**
 * Reads CSV text and locates the wanted columns by header.
 *
 * @param text - file content; BOM, CRLF and blank lines are fine; `,` (or `;`/tab) separated
 * @param specs - the columns to find
 * @returns the table (null when the header is unusable) and every structural error
 */
export function readCsvTable<K extends string>(text: string, specs: readonly CsvColumnSpec<K>[]): CsvReadResult<K> {
  const source = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const errors: KpiIssue[] = [];
  const records: CsvRecord[] = [];
  const broken: { line: number; cell: number; text: KpiText }[] = [];
  let line = 1;
  let offset = 0;
  Papa.parse<string[]>(source, {
    newline: "\n",
    delimiter: guessDelimiter(source),
    step: (result) => {
      const cursor = result.meta.cursor;
      const recordLine = line;
      // The cursor points past the record's newline; count the newlines it spans (quoted
      // cells may hold some) so the next record knows its own line.
      for (let i = offset; i < cursor && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
      offset = cursor;
      if (result.errors.length > 0) {
        // Usually an unclosed quote in the record's last cell; its other cells are not trustworthy.
        for (const error of result.errors) broken.push({ line: recordLine, cell: result.data.length - 1, text: csvTexts.unreadable(error.message, error.code) });
        if (records.length === 0) records.push({ line: recordLine, cells: result.data });
      } else if (!isBlank(result.data)) records.push({ line: recordLine, cells: result.data });
    },
  });
  const header = records.shift();
  if (!header) {
    const expected = specs.map((s) => s.key).join(",");
    return { table: null, errors: [...errors, issueOf(csvTexts.emptyFile(expected), { line: 1 })] };
  }
  for (const { line: brokenLine, cell, text } of broken) {
    const column = header.cells[cell]?.trim();
    errors.push(issueOf(text, column ? { line: brokenLine, column } : { line: brokenLine }));
  }
  const columns: Partial<Record<K, { index: number; header: string }>> = {};
  header.cells.forEach((cell, index) => {
    const name = cell.trim();
    if (looksLikePersonalData(name)) {
      errors.push(issueOf(csvTexts.personalData(name), { line: header.line, column: name }));
      return;
    }
    const spec = specs.find((s) => [s.key, ...s.aliases].some((alias) => normaliseHeader(alias) === normaliseHeader(name)));
    if (!spec) return; // extra columns are ignored
    const existing = columns[spec.key];
    if (existing) {
      errors.push(issueOf(csvTexts.repeatedColumn(name, spec.key, spec.aliases[0] ?? spec.key, existing.header), { line: header.line, column: name }));
      return;
    }
    columns[spec.key] = { index, header: name };
  });
  for (const spec of specs) {
    if (!columns[spec.key]) errors.push(issueOf(csvTexts.missingColumn(spec.key, spec.aliases), { line: header.line, column: spec.key }));
  }
  for (const record of records) {
    // More cells than headers usually means a decimal comma split a number ("2,5").
    const extra = record.cells.slice(header.cells.length);
    if (extra.some((cell) => cell.trim() !== "")) {
      errors.push(issueOf(csvTexts.tooManyCells(record.cells.length, header.cells.length), { line: record.line, column: `cell ${header.cells.length + 1}` }));
    }
  }
  const complete = specs.every((spec) => columns[spec.key]);
  return { table: complete ? { columns: columns as Record<K, { index: number; header: string }>, records } : null, errors };
}
