/**
 * The controlling API (`/api/providers/…`) end to end on an in-memory database: uploads,
 * form entry, corrections, locks, agreements, rights and the KPIs of the worked example.
 */
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { findSubmissionDetail } from "../../server/persistence/figures";
import { listLockEvents } from "../../server/persistence/locks";
import { TEST_PASSWORD } from "../fixtures/testServer";
import { buildTestApp } from "../fixtures/testApp";

const read = (name: string) => readFileSync(new URL(`../fixtures/kpi-example/${name}`, import.meta.url), "utf8");
const AGREEMENT = read("agreement-2025.json");
const FIGURES = read("figures-2025.csv");
const STAFF = read("staff-2025.csv");
const EXPECTED_Q2 = JSON.parse(read("expected-2025-Q2.json")) as Record<string, unknown>;

interface ErrorBody {
  error: { code: string; message: string; issues?: { file?: string; line?: number; column?: string; message: string; messageDe: string }[] };
}

/** Like tests/fixtures/testApp.ts, but records every `figuresChanged` call. */
async function setup() {
  const events: string[] = [];
  const { db, request: send } = await buildTestApp({ kpiEvents: { figuresChanged: (id) => void events.push(id) } });
  function request(path: string, cookie: string, init: { method?: string; json?: unknown; body?: FormData | string } = {}) {
    return send(path, { method: init.method ?? "GET", headers: { cookie }, json: init.json, body: init.body });
  }
  async function login(email: string): Promise<string> {
    const response = await request("/api/auth/login", "", { method: "POST", json: { email, password: TEST_PASSWORD } });
    return response.headers.get("set-cookie")!.split(";")[0]!;
  }
  const [funder, editorA, viewerA, editorB, admin] = await Promise.all(["sozialamt@demo.test", "anbieter-a@demo.test", "gast-a@demo.test", "anbieter-b@demo.test", "admin@demo.test"].map(login));
  const providers = (await (await request("/api/providers", funder!)).json()) as { id: string; name: string }[];
  const a = providers.find((p) => p.name === "Beispiel e.V. (Demo)")!.id;
  const b = providers.find((p) => p.name === "Weser-Wohnverbund gGmbH (Demo)")!.id;

  function upload(cookie: string, content: string | Uint8Array, fileName: string, subject: "figures" | "staff", reason?: string, provider = a) {
    const form = new FormData();
    form.set("file", new File([content as BlobPart], fileName));
    form.set("subject", subject);
    if (reason !== undefined) form.set("reason", reason);
    return request(`/api/providers/${provider}/figures/upload`, cookie, { method: "POST", body: form });
  }
  const saveAgreement = (text = AGREEMENT, year = 2025) =>
    request(`/api/providers/${a}/agreements/${year}`, funder!, { method: "PUT", json: { reason: "Vereinbarung 2025 unterschrieben", agreementText: text, fileName: "agreement-2025.json" } });
  const figuresOf = async (year = 2025) => (await request(`/api/providers/${a}/figures?year=${year}`, funder!)).json();
  const history = async () => (await request(`/api/providers/${a}/figures/history`, funder!)).json() as Promise<{ id: number; kind: string; reason: string | null; months: string[] }[]>;
  return { db, events, request, upload, saveAgreement, figuresOf, history, a, b, funder: funder!, editorA: editorA!, viewerA: viewerA!, editorB: editorB!, admin: admin! };
}

/** Integers exactly, other numbers within 1e-9, everything else equal. */
function expectMatches(actual: unknown, expected: unknown, path = "result"): void {
  if (typeof expected === "number" && !Number.isInteger(expected)) {
    expect(actual, path).toBeTypeOf("number");
    expect(Math.abs((actual as number) - expected), path).toBeLessThanOrEqual(1e-9);
  } else if (expected !== null && typeof expected === "object") {
    for (const [key, value] of Object.entries(expected)) expectMatches((actual as Record<string, unknown>)?.[key], value, `${path}.${key}`);
  } else expect(actual, path).toEqual(expected);
}

/** The example figures with one CSV line (1 = header) replaced. */
function figuresWithLine(line: number, replacement: string): string {
  const lines = FIGURES.split("\n");
  lines[line - 1] = replacement;
  return lines.join("\n");
}

async function errorOf(response: Response, status: number): Promise<ErrorBody["error"]> {
  expect(response.status).toBe(status);
  return ((await response.json()) as ErrorBody).error;
}

describe("the worked example through the API", () => {
  it("[KPI example] stores agreement, figures and staff and returns the expected 2025-Q2 KPIs", async () => {
    const t = await setup();
    expect((await t.saveAgreement()).status).toBe(200);
    const saved = await t.upload(t.editorA, FIGURES, "figures-2025.csv", "figures");
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ months: expect.arrayContaining(["2025-01", "2025-12"]), rows: FIGURES.trim().split("\n").length - 1, staffRows: 0 });
    expect((await t.upload(t.editorA, STAFF, "staff-2025.csv", "staff")).status).toBe(200);
    const response = await t.request(`/api/providers/${t.a}/kpis?period=2025-Q2`, t.viewerA);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { providerId: string; provider: string; result: unknown };
    expect(body).toMatchObject({ providerId: t.a, provider: "Beispiel e.V. (Demo)" });
    expectMatches(body.result, EXPECTED_Q2);
  });

  it("accepts the same figures as an Excel workbook, and names spreadsheet rows in errors", async () => {
    const t = await setup();
    await t.saveAgreement();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Zahlen");
    FIGURES.trim()
      .split("\n")
      .forEach((line, index) => {
        const cells = line.split(",");
        sheet.getRow(index + 1).values =
          index === 0 ? cells : cells.map((cell, column) => (column === 0 ? new Date(`${cell}-01T00:00:00Z`) : cell === "" ? null : /^\d+$/.test(cell) ? Number(cell) : cell));
      });
    sheet.getRow(14).getCell(3).value = 9;
    const bad = new Uint8Array(await book.xlsx.writeBuffer());
    const error = await errorOf(await t.upload(t.editorA, bad, "figures.xlsx", "figures"), 400);
    expect(error.issues).toEqual([expect.objectContaining({ file: "figures.xlsx", line: 14, column: "needGroup" })]);
    expect(error.message).toContain("figures.xlsx:14:needGroup:");

    sheet.getRow(14).getCell(3).value = 1;
    expect((await t.upload(t.editorA, new Uint8Array(await book.xlsx.writeBuffer()), "figures.xlsx", "figures")).status).toBe(200);
    expect((await t.upload(t.editorA, STAFF, "staff.csv", "staff")).status).toBe(200);
    const kpis = (await (await t.request(`/api/providers/${t.a}/kpis?period=2025-Q2`, t.funder)).json()) as { result: unknown };
    expectMatches(kpis.result, EXPECTED_Q2);
  });
});

describe("refused uploads store nothing", () => {
  const cases: { name: string; subject: "figures" | "staff"; content: string; line: number; column: string }[] = [
    { name: "a missing column", subject: "figures", content: FIGURES.replace(/,occupancyDays\n/, "\n").replace(/,(\d+)\n/g, "\n"), line: 1, column: "occupancyDays" },
    { name: "negative occupancy days", subject: "figures", content: figuresWithLine(5, "2025-01,Besondere Wohnform Haus A,4,local,0,,5,-149"), line: 5, column: "occupancyDays" },
    { name: "a need group outside 1–5", subject: "figures", content: figuresWithLine(7, "2025-01,Besondere Wohnform Haus A,6,external,0,,1,31"), line: 7, column: "needGroup" },
    { name: "a +S row without prior group", subject: "figures", content: figuresWithLine(22, "2025-02,Ambulant betreutes Wohnen,2,local,1,,1,28"), line: 22, column: "priorNeedGroup" },
    { name: "the impossible month 2025-13", subject: "figures", content: figuresWithLine(3, "2025-13,Besondere Wohnform Haus A,2,local,0,,4,124"), line: 3, column: "month" },
    { name: "an offer missing from the agreement", subject: "figures", content: figuresWithLine(8, "2025-01,Haus Z,1,local,0,,5,154"), line: 8, column: "serviceOffer" },
    { name: "a non-numeric FTE", subject: "staff", content: STAFF.replace("2025-03,22.75", "2025-03,22,75"), line: 4, column: "cell 3" },
    { name: "a non-numeric FTE word", subject: "staff", content: STAFF.replace("2025-03,22.75", "2025-03,viel"), line: 4, column: "staffFte" },
    { name: "a personal-data column", subject: "figures", content: FIGURES.replace("occupancyDays\n", "occupancyDays,Name\n"), line: 1, column: "Name" },
  ];
  for (const bad of cases) {
    it(`answers 400 with line and column for ${bad.name}`, async () => {
      const t = await setup();
      await t.saveAgreement();
      const before = await t.figuresOf();
      const eventsBefore = t.events.length;
      const error = await errorOf(await t.upload(t.editorA, bad.content, `${bad.subject}.csv`, bad.subject), 400);
      expect(error.code).toBe("invalid_input");
      expect(error.issues).toContainEqual(expect.objectContaining({ file: `${bad.subject}.csv`, line: bad.line, column: bad.column }));
      expect(await t.figuresOf()).toEqual(before);
      expect(await t.history()).toEqual([]);
      expect(t.events.length).toBe(eventsBefore);
    });
  }
});

describe("the language of refusals", () => {
  it("answers a bad figures file with every issue in German and English, and a German summary", async () => {
    const t = await setup();
    await t.saveAgreement();
    const content = figuresWithLine(5, "2025-01,Besondere Wohnform Haus A,4,local,0,,x,149");
    const cells = await errorOf(await t.upload(t.editorA, content, "figures.csv", "figures"), 400);
    expect(cells.issues).toContainEqual({
      file: "figures.csv",
      line: 5,
      column: "cases",
      message: 'cases must be a whole number ≥ 0, got "x"',
      messageDe: "Fälle: muss eine ganze Zahl ≥ 0 sein, gefunden „x“",
    });
    expect(cells.message).toBe("Nichts gespeichert: figures.csv:5:cases: Fälle: muss eine ganze Zahl ≥ 0 sein, gefunden „x“");
    // A clean file whose offer the agreement lacks: refused by the checks across files, in German too.
    const offer = await errorOf(await t.upload(t.editorA, figuresWithLine(8, "2025-01,Haus Z,1,local,0,,5,154"), "figures.csv", "figures"), 400);
    expect(offer.issues).toEqual([
      expect.objectContaining({
        line: 8,
        column: "serviceOffer",
        messageDe: "Leistungsangebot „Haus Z“ fehlt in der Vereinbarung 2025 (Leistungsangebote: „Besondere Wohnform Haus A“, „Ambulant betreutes Wohnen“)",
      }),
    ]);
    expect(offer.message).toMatch(/^Nichts gespeichert: figures\.csv:8:serviceOffer: Leistungsangebot „Haus Z“ fehlt/);
  });

  it("answers a bad agreement and a bad period in German", async () => {
    const t = await setup();
    const badPlaces = await errorOf(await t.saveAgreement(AGREEMENT.replace('"places": 40', '"places": -1')), 400);
    expect(badPlaces.issues?.[0]).toMatchObject({ message: "places must be a whole number ≥ 0, got -1", messageDe: "Plätze (places): muss eine ganze Zahl ≥ 0 sein, gefunden -1" });
    await t.saveAgreement();
    const period = await errorOf(await t.request(`/api/providers/${t.a}/kpis?period=2025-Q5`, t.funder), 400);
    expect(period.message).toBe("period: Zeitraum „2025-Q5“ nennt kein Quartal Q1–Q4; bitte JJJJ, JJJJ-MM, JJJJ-Qn oder JJJJ-YTD-MM angeben");
  });
});

describe("corrections, locks and events", () => {
  it("requires a reason to replace reported months and keeps old and new rows in the history", async () => {
    const t = await setup();
    await t.saveAgreement();
    const events = t.events.length;
    await t.upload(t.editorA, FIGURES, "figures.csv", "figures");
    expect(t.events.length).toBe(events + 1);
    const corrected = "month,serviceOffer,needGroup,funderKind,socialSpace,priorNeedGroup,cases,occupancyDays\n2025-02,Besondere Wohnform Haus A,1,local,0,,3,80\n";
    const refused = await errorOf(await t.upload(t.editorA, corrected, "korrektur.csv", "figures"), 422);
    expect(refused).toMatchObject({ code: "reason_required", message: expect.stringContaining("2025-02") });
    expect(t.events.length).toBe(events + 1);

    expect((await t.upload(t.editorA, corrected, "korrektur.csv", "figures", "Fälle im Februar falsch gezählt")).status).toBe(200);
    expect(t.events.length).toBe(events + 2);
    const february = ((await t.figuresOf()) as { rows: { month: string; cases: number }[] }).rows.filter((row) => row.month === "2025-02");
    expect(february).toEqual([expect.objectContaining({ cases: 3, occupancyDays: 80 })]);
    const [latest, first] = await t.history();
    expect(latest).toMatchObject({ kind: "correction", reason: "Fälle im Februar falsch gezählt", months: ["2025-02"], fileName: "korrektur.csv" });
    expect(first).toMatchObject({ kind: "upload", reason: null });
    const detail = (await findSubmissionDetail(t.db, t.a, latest!.id))!;
    expect(detail.rows.figures).toEqual([expect.objectContaining({ month: "2025-02", cases: 3 })]);
    expect(detail.replaced.figures).toHaveLength(13);
  });

  it("refuses months of a locked quarter until the funder reopens it with a reason", async () => {
    const t = await setup();
    await t.saveAgreement();
    const lock = await t.request(`/api/providers/${t.a}/locks`, t.funder, { method: "POST", json: { quarter: "2025-Q2", reason: "Steuerungsgespräch am 2025-07-15" } });
    expect(lock.status).toBe(201);
    expect(await lock.json()).toMatchObject({ quarter: "2025-Q2", lockedBy: "Sabine Sozialamt" });
    expect((await t.request(`/api/providers/${t.a}/locks`, t.editorA, { method: "POST", json: { quarter: "2025-Q3", reason: "eigenmächtig" } })).status).toBe(403);
    const events = t.events.length;
    const refused = await errorOf(await t.upload(t.editorA, FIGURES, "figures.csv", "figures"), 409);
    expect(refused).toMatchObject({ code: "locked", message: expect.stringContaining("2025-04, 2025-05, 2025-06") });
    expect((await errorOf(await t.request(`/api/providers/${t.a}/figures/2025-05`, t.editorA, { method: "PUT", json: { rows: [], staffFte: 20 } }), 409)).code).toBe("locked");
    expect(t.events.length).toBe(events);
    expect(((await t.figuresOf()) as { months: { month: string; locked: boolean }[] }).months[4]).toMatchObject({ month: "2025-05", locked: true });

    const reopen = (cookie: string, json: unknown) => t.request(`/api/providers/${t.a}/locks/2025-Q2`, cookie, { method: "DELETE", json });
    expect((await reopen(t.editorA, { reason: "Nachmeldung" })).status).toBe(403);
    expect((await errorOf(await reopen(t.funder, {}), 400)).message).toContain("reason");
    expect((await reopen(t.funder, { reason: "Nachmeldung Juni vereinbart" })).status).toBe(204);
    expect(await (await t.request(`/api/providers/${t.a}/locks`, t.viewerA)).json()).toEqual([]);
    expect((await listLockEvents(t.db, t.a)).map((e) => [e.action, e.reason])).toEqual([
      ["lock", "Steuerungsgespräch am 2025-07-15"],
      ["reopen", "Nachmeldung Juni vereinbart"],
    ]);
    expect((await t.upload(t.editorA, FIGURES, "figures.csv", "figures")).status).toBe(200);
  });

  it("stores a month's form entry and names the row and field of a bad one", async () => {
    const t = await setup();
    await t.saveAgreement();
    const row = { month: "2025-01", serviceOffer: "Besondere Wohnform Haus A", needGroup: 2, funderKind: "local", socialSpace: false, priorNeedGroup: null, cases: 4, occupancyDays: 124 };
    const put = (json: unknown) => t.request(`/api/providers/${t.a}/figures/2025-01`, t.editorA, { method: "PUT", json });
    const bad = await errorOf(await put({ rows: [row, { ...row, needGroup: 3, cases: -1 }, { ...row, month: "2025-02" }], staffFte: 22.4 }), 400);
    expect(bad.issues).toEqual([expect.objectContaining({ line: 2, column: "cases" }), expect.objectContaining({ line: 3, column: "month" })]);
    const events = t.events.length;
    const saved = await put({ rows: [row, { ...row, socialSpace: true, priorNeedGroup: 3, cases: 1, occupancyDays: 31 }], staffFte: 22.4 });
    expect(await saved.json()).toEqual({ months: ["2025-01"], rows: 2, staffRows: 1, warnings: [] });
    expect(t.events.length).toBe(events + 1);
    expect((await errorOf(await put({ rows: [row], staffFte: null }), 422)).code).toBe("reason_required");
    expect((await t.history())[0]).toMatchObject({ kind: "form", months: ["2025-01"] });
  });
});

describe("rights and addressing", () => {
  it("hides provider A from provider B and lists only the own provider", async () => {
    const t = await setup();
    await t.saveAgreement();
    for (const path of ["figures?year=2025", "kpis?period=2025-Q2", "agreements", "locks", "figures/history"]) {
      expect((await t.request(`/api/providers/${t.a}/${path}`, t.editorB)).status, path).toBe(404);
    }
    expect((await t.upload(t.editorB, STAFF, "staff.csv", "staff", undefined, t.a)).status).toBe(404);
    expect((await t.request("/api/providers/no-such-provider/agreements", t.funder)).status).toBe(404);
    expect(await (await t.request("/api/providers", t.editorB)).json()).toEqual([{ id: t.b, name: "Weser-Wohnverbund gGmbH (Demo)" }]);
    expect(await (await t.request("/api/providers", t.funder)).json()).toHaveLength(2);
  });

  it("lets viewers read but not upload, and funder editors report for a provider", async () => {
    const t = await setup();
    expect((await t.upload(t.viewerA, STAFF, "staff.csv", "staff")).status).toBe(403);
    expect((await t.upload(t.admin, STAFF, "staff.csv", "staff")).status).toBe(403);
    expect(await t.history()).toEqual([]);
    expect((await t.upload(t.funder, STAFF, "staff.csv", "staff")).status).toBe(200);
    expect((await t.request(`/api/providers/${t.a}/figures?year=2025`, t.viewerA)).status).toBe(200);
  });

  it("accepts uploads over the 1 MB JSON limit, answers 413 over 5 MB and 400 for a missing file or subject", async () => {
    const t = await setup();
    const big = `month,staffFte\n${"2025-01,1\n".repeat(530_000)}`;
    expect((await errorOf(await t.upload(t.editorA, big, "staff.csv", "staff"), 413)).message).toContain("MB");
    const padded = `month,staffFte,note\n${STAFF.trim()
      .split("\n")
      .slice(1)
      .map((line) => `${line},${"x".repeat(200_000)}`)
      .join("\n")}\n`;
    expect((await t.upload(t.editorA, padded, "staff.csv", "staff")).status).toBe(200);
    const bigJson = { reason: "zu groß", agreementText: " ".repeat(1_100_000) };
    expect((await t.request(`/api/providers/${t.a}/agreements/2025`, t.funder, { method: "PUT", json: bigJson })).status).toBe(413);
    const form = new FormData();
    form.set("subject", "figures");
    expect((await errorOf(await t.request(`/api/providers/${t.a}/figures/upload`, t.editorA, { method: "POST", body: form }), 400)).message).toMatch(/^file:/);
    expect((await errorOf(await t.upload(t.editorA, STAFF, "staff.csv", "figures+staff" as "staff"), 400)).message).toMatch(/^subject:/);
  });
});

describe("agreements and KPI errors", () => {
  it("versions agreements, checks the URL year and names lines of bad JSON", async () => {
    const t = await setup();
    expect((await t.request(`/api/providers/${t.a}/agreements/2025`, t.editorA, { method: "PUT", json: { reason: "Versuch", agreementText: AGREEMENT } })).status).toBe(403);
    expect((await t.saveAgreement()).status).toBe(200);
    const second = await t.saveAgreement(AGREEMENT.replace('"greenPct": 5', '"greenPct": 4'));
    expect(await second.json()).toMatchObject({ year: 2025, version: 2, createdBy: "Sabine Sozialamt", agreement: { greenPct: 4 } });
    const history = (await (await t.request(`/api/providers/${t.a}/agreements/2025/history`, t.viewerA)).json()) as { version: number }[];
    expect(history.map((v) => v.version)).toEqual([2, 1]);
    expect(await (await t.request(`/api/providers/${t.a}/agreements`, t.viewerA)).json()).toEqual([expect.objectContaining({ version: 2 })]);

    const wrongYear = await errorOf(await t.saveAgreement(AGREEMENT, 2026), 400);
    expect(wrongYear.issues).toEqual([expect.objectContaining({ file: "agreement-2025.json", line: 3, column: "year" })]);
    const badPlaces = await errorOf(await t.saveAgreement(AGREEMENT.replace('"places": 40', '"places": -1')), 400);
    expect(badPlaces.issues).toEqual([expect.objectContaining({ column: "offers[1].places", line: expect.any(Number) })]);
  });

  it("refuses an agreement that drops an offer with stored figures", async () => {
    const t = await setup();
    await t.saveAgreement();
    await t.upload(t.editorA, FIGURES, "figures.csv", "figures");
    const renamed = AGREEMENT.replace('"name": "Ambulant betreutes Wohnen"', '"name": "ABW"');
    expect((await errorOf(await t.saveAgreement(renamed), 400)).issues?.[0]?.message).toContain('"Ambulant betreutes Wohnen" has stored figures');
  });

  it("[KPI-S4] keeps startMonth and the settlement fields, counts budget months only and answers 422 before the start", async () => {
    const t = await setup();
    const fromJuly = read("agreement-2025-from-july.json");
    expect((await t.saveAgreement(fromJuly)).status).toBe(200);
    const [stored] = (await (await t.request(`/api/providers/${t.a}/agreements`, t.viewerA)).json()) as { agreement: Record<string, unknown> }[];
    expect(stored?.agreement).toMatchObject({ startMonth: "2025-07", settlementThresholdPct: 2, settlementBasis: "whole" });
    // The stored object saved again by form round-trips unchanged.
    const form = await t.request(`/api/providers/${t.a}/agreements/2025`, t.funder, { method: "PUT", json: { reason: "per Formular", agreement: stored?.agreement } });
    expect(((await form.json()) as { agreement: unknown }).agreement).toEqual(stored?.agreement);
    await t.upload(t.editorA, FIGURES, "figures-2025.csv", "figures");
    await t.upload(t.editorA, STAFF, "staff-2025.csv", "staff");
    const year = (await (await t.request(`/api/providers/${t.a}/kpis?period=2025`, t.viewerA)).json()) as { result: unknown };
    expectMatches(year.result, JSON.parse(read("expected-from-july-2025.json")));
    const before = await errorOf(await t.request(`/api/providers/${t.a}/kpis?period=2025-Q1`, t.viewerA), 422);
    expect(before).toMatchObject({ code: "before_budget_start", message: expect.stringContaining("vor dem Budgetbeginn 2025-07") });
  });

  it("names the period when it is malformed and the year without agreement", async () => {
    const t = await setup();
    await t.saveAgreement();
    expect((await errorOf(await t.request(`/api/providers/${t.a}/kpis?period=2025-Q5`, t.funder), 400)).message).toMatch(/^period:/);
    expect((await errorOf(await t.request(`/api/providers/${t.a}/kpis`, t.funder), 400)).message).toMatch(/^period:/);
    expect((await errorOf(await t.request(`/api/providers/${t.a}/kpis?period=2026-Q1`, t.funder), 404)).message).toContain("Keine Budgetvereinbarung für 2026");
    expect((await errorOf(await t.request(`/api/providers/${t.a}/figures?year=25`, t.funder), 400)).message).toContain("year");
  });
});
