import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { deflateRawSync } from "node:zlib";
import { MAX_UNPACKED_BYTES, zipUncompressedSize } from "./zipSize";
import { uploadToCsv } from "./spreadsheet";

/** A one-entry zip whose entry is `size` zero bytes, deflated: a tiny file that unpacks huge. */
function zipOfZeros(size: number): Uint8Array {
  const data = deflateRawSync(Buffer.alloc(size));
  const name = Buffer.from("xl/worksheets/sheet1.xml");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const directoryOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return new Uint8Array(Buffer.concat([local, name, data, central, name, end]));
}

describe("zipUncompressedSize", () => {
  it("reads what a real workbook unpacks to without inflating it", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Zahlen").addRow(["month", "staffFte"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const size = zipUncompressedSize(bytes);
    expect(size).toBeGreaterThan(bytes.length);
    expect(size).toBeLessThan(MAX_UNPACKED_BYTES);
  });

  it("refuses a small upload that would unpack to gigabytes, before parsing it", async () => {
    const bomb = zipOfZeros(MAX_UNPACKED_BYTES + 1);
    expect(bomb.length).toBeLessThan(200_000);
    expect(zipUncompressedSize(bomb)).toBe(MAX_UNPACKED_BYTES + 1);
    const result = await uploadToCsv("figures.xlsx", bomb);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.errors[0].message).toContain("unpacks to more than 50 MB");
  });

  it("reports no size for a file without a zip directory", () => {
    expect(zipUncompressedSize(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toBeNull();
  });
});
