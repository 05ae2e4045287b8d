import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { formatKpiIssue, parseFiguresCsv, parseStaffCsv } from "../../shared/kpi";
import { decodeCsvBytes, detectUploadFormat, uploadToCsv, xlsxToCsv } from "./spreadsheet";
import { buildZip, deflatedEntry, deflatedZeros } from "./zipTestSupport";

const HEADER = ["month", "serviceOffer", "needGroup", "funderKind", "socialSpace", "priorNeedGroup", "cases", "occupancyDays"];

/** Builds an .xlsx in memory: row i of `rows` becomes sheet row i + 1; null leaves a row empty. */
async function workbook(rows: (unknown[] | null)[], extraSheetFirst = false): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  if (extraSheetFirst) book.addWorksheet("Zahlen").addRow(["month", "staffFte"]);
  const sheet = book.addWorksheet(extraSheetFirst ? "Other" : "Zahlen");
  rows.forEach((values, index) => {
    if (values) sheet.getRow(index + 1).values = values as ExcelJS.CellValue[];
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("detectUploadFormat", () => {
  it("takes ZIP content as xlsx whatever its name, and text as CSV", () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]);
    expect(detectUploadFormat("zahlen.xlsx", zip)).toBe("xlsx");
    expect(detectUploadFormat("zahlen", zip)).toBe("xlsx");
    expect(detectUploadFormat("figures.csv", new TextEncoder().encode("month,staffFte\n"))).toBe("csv");
  });

  it("refuses an old .xls and a text file named .xlsx with a reason in German and English", () => {
    const error = (de: string, en: string) => ({ error: { de: expect.stringContaining(de), en: expect.stringContaining(en) } });
    expect(detectUploadFormat("alt.xls", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toEqual(error("alte Excel-Format .xls", "old Excel format .xls"));
    expect(detectUploadFormat("fake.xlsx", new TextEncoder().encode("month,staffFte\n"))).toEqual(error("heißt .xlsx, ist aber keine Excel-Arbeitsmappe", "named .xlsx but is not an Excel workbook"));
    expect(detectUploadFormat("zahlen.ods", new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toEqual(error("OpenDocument- und Numbers-Dateien", "OpenDocument and Numbers files"));
  });

  it("tells a password-protected workbook (an OLE file, like .xls) from an old .xls", () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Buffer.from("EncryptedPackage", "utf16le")]);
    expect(detectUploadFormat("zahlen.xlsx", ole)).toEqual({ error: expect.objectContaining({ de: expect.stringContaining("mit einem Kennwort geschützt") }) });
  });
});

describe("decodeCsvBytes", () => {
  it("reads UTF-8 with BOM and falls back to Windows-1252 for German Excel exports", () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("Monat;Fälle\n")]);
    expect(decodeCsvBytes(utf8).replace(/^\uFEFF/, "")).toBe("Monat;Fälle\n");
    expect(decodeCsvBytes(new Uint8Array([0x46, 0xe4, 0x6c, 0x6c, 0x65]))).toBe("Fälle");
  });

  it("lets the engine read a ;-separated staff CSV with BOM", () => {
    const text = decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("Monat;VK\r\n2025-01;22.4\r\n")]));
    const parsed = parseStaffCsv(text, "staff.csv");
    expect(parsed.ok && parsed.value).toEqual([{ month: "2025-01", staffFte: 22.4, line: 2 }]);
  });
});

describe("xlsxToCsv", () => {
  it("keeps spreadsheet row numbers as CSV line numbers, empty rows included", async () => {
    const bytes = await workbook([HEADER, ["2025-01", "Haus A", 1, "local", 0, null, 2, 58], null, ["2025-01", "Haus A", 7, "local", 0, null, 2, 58]]);
    const csv = await xlsxToCsv(bytes);
    expect(csv.split("\n")[2]).toBe("");
    const parsed = parseFiguresCsv(csv, "figures.xlsx");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((issue) => formatKpiIssue(issue))).toEqual([expect.stringMatching(/^figures\.xlsx:4:needGroup: need group must be a whole number 1–5, got "7"/)]);
  });

  it("turns real Excel dates in the month column into YYYY-MM and writes decimals with a point", async () => {
    const bytes = await workbook([
      ["Monat", "VK"],
      [new Date(Date.UTC(2025, 0, 1)), 22.4],
      ["2025-02", 0.000001],
      [new Date(Date.UTC(2025, 2, 31)), 23],
    ]);
    const csv = await xlsxToCsv(bytes);
    expect(csv).toBe("Monat,VK\n2025-01,22.4\n2025-02,0.000001\n2025-03,23\n");
    const parsed = parseStaffCsv(csv, "staff.xlsx");
    expect(parsed.ok && parsed.value.map((row) => row.staffFte)).toEqual([22.4, 0.000001, 23]);
  });

  it("quotes texts with commas, flattens line breaks and uses formula results", async () => {
    const bytes = await workbook([
      ["month", "serviceOffer", "cases"],
      ["2025-01", "Wohnen, ambulant", { formula: "1+1", result: 2 }],
      ["2025-01", "Zeile\nzwei", { richText: [{ text: "3" }] }],
    ]);
    expect(await xlsxToCsv(bytes)).toBe('month,serviceOffer,cases\n2025-01,"Wohnen, ambulant",2\n2025-01,Zeile zwei,3\n');
  });

  it("reads only the first sheet", async () => {
    expect(await xlsxToCsv(await workbook([["x"]], true))).toBe("month,staffFte\n");
  });

  it("keeps the row number of a value in the sheet's last cell XFD1048576 without creating the rows between", async () => {
    const bytes = await workbook([["month", "staffFte"]]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    book.worksheets[0]!.getCell("XFD1048576").value = 1;
    const csv = await xlsxToCsv(new Uint8Array(await book.xlsx.writeBuffer()));
    const lines = csv.split("\n");
    expect(lines.length).toBe(1_048_576 + 1);
    expect(lines[0]).toBe("month,staffFte");
    expect(lines[1_048_575]).toBe(`${",".repeat(16_383)}1`);
  });

  it("refuses a sheet whose text would pass 50 MB, as when one long shared string fills many cells", async () => {
    const long = "x".repeat(100_000);
    const bytes = await workbook(Array.from({ length: 600 }, () => [long]));
    expect(bytes.length).toBeLessThan(1024 * 1024);
    await expect(xlsxToCsv(bytes)).rejects.toThrow("Die erste Tabelle der Excel-Datei ergibt mehr als 50 MB Text.");
  });
});

describe("uploadToCsv", () => {
  it("names the file when a workbook cannot be read, in German and English", async () => {
    const result = await uploadToCsv("kaputt.xlsx", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          file: "kaputt.xlsx",
          message: "The Excel file cannot be read: it is not a ZIP file, or incomplete. Please save it again as .xlsx or CSV.",
          messageDe: "Die Excel-Datei lässt sich nicht lesen: sie ist keine ZIP-Datei oder unvollständig. Bitte erneut als .xlsx oder CSV speichern.",
        },
      ],
    });
  });

  it("refuses a workbook whose zip directory understates a sheet, in German and before exceljs unpacks it", async () => {
    const bomb = buildZip([deflatedEntry("[Content_Types].xml", "<Types/>"), { name: "xl/worksheets/sheet1.xml", data: deflatedZeros(400 * 1024 * 1024), size: 400 * 1024 * 1024, claimed: 1300 }]);
    const result = await uploadToCsv("zahlen.xlsx", bomb);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          file: "zahlen.xlsx",
          message: 'The Excel file is damaged: entry "xl/worksheets/sheet1.xml" unpacks to more than the stated 1,300 bytes. Please save it again as .xlsx or CSV.',
          messageDe: "Die Excel-Datei ist beschädigt: der Eintrag „xl/worksheets/sheet1.xml“ ist entpackt größer als die angegebenen 1.300 Bytes. Bitte erneut als .xlsx oder CSV speichern.",
        },
      ],
    });
  });

  it("refuses a workbook that truly unpacks to more than 50 MB, saying what to do", async () => {
    const big = buildZip([{ name: "xl/worksheets/sheet1.xml", data: deflatedZeros(51 * 1024 * 1024), size: 51 * 1024 * 1024 }]);
    const result = await uploadToCsv("zahlen.xlsx", big);
    expect(result.ok ? "" : result.errors[0]!.messageDe).toBe("Die Excel-Datei ist zu groß: sie ist entpackt größer als 50 MB. Bitte nur das Blatt mit den Zahlen speichern oder als CSV hochladen.");
    expect(result.ok ? "" : result.errors[0]!.message).toBe("The Excel file is too large: it unpacks to more than 50 MB. Please save only the sheet with the figures, or upload a CSV.");
  });

  it("says in German, without exceljs's words, when a sound zip is no workbook", async () => {
    const result = await uploadToCsv("zahlen.xlsx", buildZip([deflatedEntry("xl/workbook.xml", "<kein-xml")]));
    expect(result.ok ? "" : result.errors[0]!.messageDe).toBe("Die Excel-Datei lässt sich nicht lesen: ihr Inhalt ist keine gültige Arbeitsmappe. Bitte erneut als .xlsx oder CSV speichern.");
  });

  it("passes CSV text through", async () => {
    const result = await uploadToCsv("staff.csv", new TextEncoder().encode("month,staffFte\n2025-01,1\n"));
    expect(result).toEqual({ ok: true, value: "month,staffFte\n2025-01,1\n", warnings: [] });
  });
});
