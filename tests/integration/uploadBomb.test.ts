/**
 * An .xlsx "zip bomb" uploaded through the real HTTP API to a server in its own process: its
 * zip directory states 1.3 KB for a sheet that inflates to 400 MB. The server has to refuse
 * it in German without unpacking it, and its resident memory must not follow the 400 MB.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInflateRaw } from "node:zlib";
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { buildZip, deflatedEntry, deflatedZeros } from "../../server/controlling/zipTestSupport";
import { startServerProcess, type ServerProcess } from "../fixtures/serverProcess";
import { login, TEST_PASSWORD } from "../fixtures/testServer";

const MB = 1024 * 1024;
const SHEET = "xl/worksheets/sheet1.xml";
const dataDir = mkdtempSync(join(tmpdir(), "steuerrad-upload-bomb-"));
let server: ServerProcess | null = null;

afterAll(async () => {
  server?.child.kill("SIGTERM");
  await server?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * The server process's resident memory and its peak since {@link resetPeak}, read from
 * Linux's /proc: the peak catches what a short upload used, which a sample taken before
 * or after it would miss.
 */
function residentMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)![1]) * 1024;
  return { rss: kilobytes("VmRSS"), peak: kilobytes("VmHWM") };
}

/** Sets the process's peak resident size back to its current one (Linux ≥ 4.0). */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

/** What raw deflate data really inflates to, counted without keeping it. */
function inflatedSize(data: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const inflater = createInflateRaw({ chunkSize: MB });
    inflater.on("data", (chunk: Buffer) => (size += chunk.length));
    inflater.on("end", () => resolve(size));
    inflater.on("error", reject);
    inflater.end(data);
  });
}

/** A small real workbook with the figures header and one row. */
async function figuresWorkbook(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Zahlen");
  sheet.addRow(["month", "serviceOffer", "needGroup", "funderKind", "socialSpace", "priorNeedGroup", "cases", "occupancyDays"]);
  sheet.addRow(["2025-01", "Haus A", 1, "local", 0, null, 2, 58]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

interface ErrorAnswer {
  error: { code: string; message: string; issues?: { file?: string; message: string; messageDe: string }[] };
}

const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;

describe.runIf(process.platform === "linux")("an .xlsx whose zip directory lies, uploaded to a server in its own process", () => {
  it("is refused in German before it is unpacked, and the server's memory grows by less than 100 MB", async () => {
    server = await startServerProcess({ DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD });
    const cookie = await login(server.url, "anbieter-a@demo.test");
    const [provider] = (await (await fetch(`${server.url}/api/providers`, { headers: { cookie } })).json()) as { id: string }[];
    const upload = (bytes: Uint8Array) => {
      const form = new FormData();
      form.set("file", new File([bytes as BlobPart], "zahlen.xlsx"));
      form.set("subject", "figures");
      return fetch(`${server!.url}/api/providers/${provider!.id}/figures/upload`, { method: "POST", headers: { cookie }, body: form });
    };

    // A real workbook first, so exceljs is loaded and the upload path warm before measuring.
    const workbook = await figuresWorkbook();
    // Stored or refused depends on the demo's agreement; read it must be.
    expect((await upload(workbook)).status).toBeLessThan(500);

    // The same workbook with its sheet replaced by 400 MB of zeros that the directory calls 1.3 KB.
    const bombSheet = deflatedZeros(400 * MB);
    expect(await inflatedSize(bombSheet)).toBe(400 * MB);
    const entries = Object.entries(unzipSync(workbook)).map(([name, content]) => (name === SHEET ? { name, data: bombSheet, size: 400 * MB, claimed: 1300 } : deflatedEntry(name, content)));
    const bomb = buildZip(entries);
    expect(bomb.length).toBeLessThan(1 * MB);

    const pid = server.child.pid!;
    resetPeak(pid);
    const before = residentMemory(pid).rss;
    const answer = await upload(bomb);
    const growth = residentMemory(pid).peak - before;
    const body = (await answer.json()) as ErrorAnswer;

    // Soft, so a failing run shows both the message and the memory.
    expect.soft(answer.status).toBe(400);
    expect.soft(body.error.code).toBe("invalid_input");
    expect.soft(body.error.issues).toEqual([
      {
        file: "zahlen.xlsx",
        message: `The Excel file is damaged: entry "${SHEET}" unpacks to more than the stated 1,300 bytes. Please save it again as .xlsx or CSV.`,
        messageDe: `Die Excel-Datei ist beschädigt: der Eintrag „${SHEET}“ ist entpackt größer als die angegebenen 1.300 Bytes. Bitte erneut als .xlsx oder CSV speichern.`,
      },
    ]);
    expect.soft(body.error.message).toMatch(/^Nichts gespeichert: zahlen\.xlsx: Die Excel-Datei ist beschädigt/);
    expect(growth, `resident ${mb(before)} before, peak ${mb(before + growth)} during the upload`).toBeLessThan(100 * MB);

    // Four at once, as in the incident that took a server to 1.9 GB.
    resetPeak(pid);
    const beforeFour = residentMemory(pid).rss;
    const answers = await Promise.all([1, 2, 3, 4].map(() => upload(bomb)));
    const growthFour = residentMemory(pid).peak - beforeFour;
    expect.soft(answers.map((each) => each.status)).toEqual([400, 400, 400, 400]);
    expect(growthFour, `resident ${mb(beforeFour)} before, peak ${mb(beforeFour + growthFour)} during four uploads`).toBeLessThan(100 * MB);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  }, 60_000);
});
