import ExcelJS from "exceljs";
import { unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { checkUnpackedSize, MAX_UNPACKED_BYTES } from "./unpackedSize";
import { buildZip, deflatedEntry, deflatedZeros, type TestZipEntry } from "./zipTestSupport";

const MB = 1024 * 1024;
const SHEET = "xl/worksheets/sheet1.xml";

/** A stored (method 0) entry of the given content. */
function storedEntry(name: string, content: Uint8Array, extra: Partial<TestZipEntry> = {}): TestZipEntry {
  return { name, data: content, size: content.length, method: 0, ...extra };
}

/** The outcome when refused, so one `toEqual` shows problem and detail. */
async function refusal(bytes: Uint8Array, limits = {}) {
  const checked = await checkUnpackedSize(bytes, limits);
  return checked.ok ? checked : { problem: checked.problem, detail: checked.detail };
}

describe("checkUnpackedSize", () => {
  it("counts what a workbook written by exceljs unpacks to (data descriptors after each entry)", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("Zahlen").addRow(["month", "staffFte"]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const real = Object.values(unzipSync(bytes)).reduce((sum, content) => sum + content.length, 0);
    expect(await checkUnpackedSize(bytes)).toEqual({ ok: true, bytes: real, entries: Object.keys(unzipSync(bytes)).length });
  });

  it("counts what a zip with sizes in its local headers unpacks to, stored entries included", async () => {
    const bytes = zipSync({ "a.xml": new Uint8Array(5000).fill(65), "b.bin": [new Uint8Array(300).fill(7), { level: 0 }] });
    expect(await checkUnpackedSize(bytes)).toEqual({ ok: true, bytes: 5300, entries: 2 });
  });

  it("[lying directory] refuses a sheet that states 1.3 KB but inflates to 4 GB, stopping right after 1.3 KB", async () => {
    const bomb = buildZip([deflatedEntry("[Content_Types].xml", "<Types/>"), { name: SHEET, data: deflatedZeros(4000 * MB), size: 4000 * MB, claimed: 1300 }]);
    expect(bomb.length).toBeLessThan(5 * MB);
    const started = performance.now();
    expect(await refusal(bomb)).toEqual({ problem: "damaged", detail: `der Eintrag „${SHEET}“ ist entpackt größer als die angegebenen 1.300 Bytes` });
    // Inflating all 4 GB takes seconds; stopping after 1.3 KB takes next to nothing.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("[lying directory] refuses an entry that unpacks to less than its directory states", async () => {
    const entry = deflatedEntry(SHEET, "<worksheet/>");
    expect(await refusal(buildZip([{ ...entry, claimed: 40 * MB }]))).toEqual({
      problem: "damaged",
      detail: `der Eintrag „${SHEET}“ ergibt entpackt 12 Bytes statt der angegebenen 40 MB`,
    });
    // The same in English, for the English UI.
    expect(await checkUnpackedSize(buildZip([{ ...entry, claimed: 40 * MB }]))).toMatchObject({ detailEn: `entry "${SHEET}" unpacks to 12 bytes instead of the stated 40 MB` });
  });

  it("[total] refuses entries that each state their size truly but together unpack to more than 50 MB", async () => {
    const entries = [1, 2, 3].map((n) => ({ name: `xl/media/image${n}.bin`, data: deflatedZeros(20 * MB), size: 20 * MB }));
    expect(await refusal(buildZip(entries))).toEqual({ problem: "too_large", detail: "sie ist entpackt größer als 50 MB" });
    expect(MAX_UNPACKED_BYTES).toBe(50 * MB);
  });

  it("[total] counts data again for every directory entry that points to it (overlapping entries)", async () => {
    const shared = { name: SHEET, data: deflatedZeros(30 * MB), size: 30 * MB };
    expect((await checkUnpackedSize(buildZip([shared]))).ok).toBe(true);
    expect(await refusal(buildZip([shared, { ...shared, sameDataAs: 0 }]))).toMatchObject({ problem: "too_large" });
  });

  it("[stored] counts stored entries byte for byte, in the total too, and refuses one whose sizes differ", async () => {
    const content = new Uint8Array(2000).fill(1);
    expect(await checkUnpackedSize(buildZip([storedEntry("a.xml", content), storedEntry("b.xml", content)]))).toEqual({ ok: true, bytes: 4000, entries: 2 });
    expect(await refusal(buildZip([storedEntry("a.xml", content), storedEntry("b.xml", content)]), { maxBytes: 3000 })).toEqual({
      problem: "too_large",
      detail: "sie ist entpackt größer als 3.000 Bytes",
    });
    expect(await refusal(buildZip([storedEntry("a.xml", content, { claimed: 10 })]))).toEqual({
      problem: "damaged",
      detail: "der Eintrag „a.xml“ ergibt entpackt 2.000 Bytes statt der angegebenen 10 Bytes",
    });
  });

  it("[truncated] refuses a deflate stream that stops early, data running past the end, and a file cut before its directory", async () => {
    const whole = deflatedEntry(SHEET, "x".repeat(100_000));
    const cut = { ...whole, data: whole.data.subarray(0, whole.data.length - 20) };
    expect(await refusal(buildZip([cut]))).toEqual({ problem: "damaged", detail: `der Eintrag „${SHEET}“ bricht vorzeitig ab` });

    const bytes = buildZip([whole]);
    const view = new DataView(bytes.buffer);
    const central = bytes.length - 22 - (46 + SHEET.length);
    view.setUint32(central + 20, whole.data.length + 10_000, true);
    view.setUint32(18, whole.data.length + 10_000, true);
    expect(await refusal(bytes)).toEqual({ problem: "damaged", detail: "sie ist unvollständig (abgeschnitten)" });

    expect(await refusal(buildZip([whole]).subarray(0, 60))).toEqual({ problem: "not_zip", detail: "sie ist keine ZIP-Datei oder unvollständig" });
    expect(await refusal(new TextEncoder().encode("month,staffFte\n"))).toMatchObject({ problem: "not_zip" });
  });

  it("refuses garbage where deflate data should be", async () => {
    expect(await refusal(buildZip([{ name: SHEET, data: new Uint8Array([0xff, 0xff, 0xff, 0xff]), size: 10 }]))).toEqual({
      problem: "damaged",
      detail: `der Eintrag „${SHEET}“ enthält keine gültigen komprimierten Daten`,
    });
  });

  it("refuses unknown compression methods and encrypted entries, which exceljs cannot read either", async () => {
    const entry = deflatedEntry(SHEET, "<worksheet/>");
    expect(await refusal(buildZip([{ ...entry, method: 9 }]))).toEqual({
      problem: "unsupported",
      detail: `der Eintrag „${SHEET}“ ist mit einem nicht unterstützten Verfahren (9) komprimiert`,
    });
    expect(await refusal(buildZip([{ ...entry, flags: 1 }]))).toEqual({ problem: "unsupported", detail: `der Eintrag „${SHEET}“ ist verschlüsselt` });
  });

  it("refuses a local header or data descriptor whose sizes differ from the central directory's", async () => {
    const entry = deflatedEntry(SHEET, "<worksheet/>");
    const mismatch = { problem: "damaged", detail: `die Größenangaben des Eintrags „${SHEET}“ widersprechen sich` };
    expect(await refusal(buildZip([{ ...entry, localClaimed: 400 * MB }]))).toEqual(mismatch);
    expect(await refusal(buildZip([{ ...entry, descriptor: true, localClaimed: 400 * MB }]))).toEqual(mismatch);
    expect((await checkUnpackedSize(buildZip([{ ...entry, descriptor: true }]))).ok).toBe(true);
  });

  it("reads ZIP64 sizes and end records, and refuses ZIP64 marks without their values", async () => {
    const entry = deflatedEntry(SHEET, "<worksheet/>");
    expect(await checkUnpackedSize(buildZip([{ ...entry, zip64: true }], { zip64End: true }))).toEqual({ ok: true, bytes: 12, entries: 1 });
    expect(await refusal(buildZip([{ name: SHEET, data: deflatedZeros(400 * MB), size: 400 * MB, zip64: true }], { zip64End: true }))).toMatchObject({
      problem: "too_large",
    });
    expect(await refusal(buildZip([{ ...entry, zip64WithoutField: true }]))).toEqual({ problem: "damaged", detail: `dem Eintrag „${SHEET}“ fehlen Größenangaben (ZIP64)` });
  });

  it("refuses a directory that holds more entries than its end record states, or lies elsewhere than stated", async () => {
    const entries = [deflatedEntry("a.xml", "<a/>"), deflatedEntry(SHEET, "<worksheet/>")];
    // JSZip reads every central header that follows, whatever the count.
    expect(await refusal(buildZip(entries, { count: 1 }))).toMatchObject({ problem: "damaged" });
    // Bytes in front shift JSZip's offsets, so it would read other data than stated.
    expect(await refusal(buildZip(entries, { prefix: new Uint8Array(100) }))).toEqual({ problem: "damaged", detail: "ihr Inhaltsverzeichnis liegt nicht dort, wo sie es angibt" });
  });

  it("refuses more entries than allowed", async () => {
    const entries = [1, 2, 3].map((n) => deflatedEntry(`${n}.xml`, "<x/>"));
    expect(await refusal(buildZip(entries), { maxEntries: 2 })).toEqual({ problem: "unsupported", detail: "sie hat mehr als 2 Einträge" });
  });
});
