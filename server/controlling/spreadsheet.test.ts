import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { formatKpiIssue, parseFiguresCsv, parseStaffCsv } from "../../shared/kpi";
import { decodeCsvBytes, detectUploadFormat, uploadToCsv, xlsxToCsv } from "./spreadsheet";

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

  it("refuses an old .xls and a text file named .xlsx with a reason", () => {
    expect(detectUploadFormat("alt.xls", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toEqual({ error: expect.stringContaining(".xls") });
    expect(detectUploadFormat("fake.xlsx", new TextEncoder().encode("month,staffFte\n"))).toEqual({ error: expect.stringContaining("not an Excel workbook") });
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
    const bytes = await workbook([
      HEADER,
      ["2025-01", "Haus A", 1, "local", 0, null, 2, 58],
      null,
      ["2025-01", "Haus A", 7, "local", 0, null, 2, 58],
    ]);
    const csv = await xlsxToCsv(bytes);
    expect(csv.split("\n")[2]).toBe("");
    const parsed = parseFiguresCsv(csv, "figures.xlsx");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map(formatKpiIssue)).toEqual([expect.stringMatching(/^figures\.xlsx:4:needGroup: need group must be a whole number 1–5, got "7"/)]);
  });

  it("turns real Excel dates in the month column into YYYY-MM and writes decimals with a point", async () => {
    const bytes = await workbook([["Monat", "VK"], [new Date(Date.UTC(2025, 0, 1)), 22.4], ["2025-02", 0.000001], [new Date(Date.UTC(2025, 2, 31)), 23]]);
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
});

describe("uploadToCsv", () => {
  it("names the file when a workbook cannot be read", async () => {
    const result = await uploadToCsv("kaputt.xlsx", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ file: "kaputt.xlsx", message: expect.stringContaining("cannot read the Excel workbook") });
  });

  it("passes CSV text through", async () => {
    const result = await uploadToCsv("staff.csv", new TextEncoder().encode("month,staffFte\n2025-01,1\n"));
    expect(result).toEqual({ ok: true, value: "month,staffFte\n2025-01,1\n", warnings: [] });
  });
});
