/**
 * The export routes over HTTP (in-memory database with the demo, no network): rights,
 * errors, headers, the current state versus a stored version, and the talk of a version.
 */
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { KpiSnapshot } from "../../shared/domain/kpiSnapshot";
import { createMeasure, setMeasureField } from "../../shared/document/measures";
import { DOCUMENT_FIELD } from "../../shared/document/schema";
import { AppError } from "../errors";
import { sessionMiddleware } from "../http/middleware/session";
import { exportRoutes } from "../http/routes/exports";
import { listScorecards } from "../persistence/scorecards";
import { findUserByEmail } from "../persistence/users";
import { buildTestApp } from "../../tests/fixtures/testApp";
import { createVersionExporter } from "./exportFiles";
import { docxText, exampleKpiSnapshot, pdfPages } from "./testSupport";

const MEASURE_ID = "m-export-route";
/** 2025-07-05 12:00 in Berlin. */
const NOW = Date.parse("2025-07-05T10:00:00Z");

let setup: Awaited<ReturnType<typeof buildTestApp>>;
let exportsApp: Hono;
let scorecardId: string;
let asked: string[][];

beforeAll(async () => {
  setup = await buildTestApp();
  asked = [];
  const currentKpis = async (_id: string, periods: string[]): Promise<KpiSnapshot> => {
    asked.push(periods);
    return exampleKpiSnapshot();
  };
  // The app's own error handler is not mounted here: this one answers the same way.
  exportsApp = new Hono();
  exportsApp
    .use("/api/*", sessionMiddleware(setup.db, undefined))
    .route("/api/scorecards", exportRoutes({ db: setup.db, collab: setup.collab, currentKpis, now: () => NOW }))
    .onError((error, c) => (error instanceof AppError ? c.json({ error: { code: error.code, message: error.message } }, error.status) : c.json({ error: String(error) }, 500)));
  scorecardId = (await listScorecards(setup.db)).find((scorecard) => scorecard.providerName?.startsWith("Beispiel"))!.id;
  await setup.collab.change(scorecardId, null, (doc) => {
    createMeasure(doc, MEASURE_ID, { title: "Übergänge begleiten", status: "in_progress" });
    const kpi = new Y.XmlElement("kpiBlock");
    kpi.setAttribute("kpi", "occupancyDeviationPct");
    kpi.setAttribute("period", "2025-Q2");
    const measure = new Y.XmlElement("measure");
    measure.setAttribute("measureId", MEASURE_ID);
    const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
    fragment.insert(fragment.length, [kpi, measure]);
  });
});

async function get(path: string, email: string) {
  const cookie = await setup.loginAs(email);
  return exportsApp.request(`http://localhost${path}`, { headers: { cookie } });
}

describe("export routes", () => {
  it("exports the current state as .docx with the KPI values computed now and a Stand file name", async () => {
    const response = await get(`/api/scorecards/${scorecardId}/export.docx`, "anbieter-a@demo.test");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(response.headers.get("content-disposition")).toBe("attachment; filename=\"BSC_Beispiel-e-V-Demo_2025-07-05_Stand.docx\"; filename*=UTF-8''BSC_Beispiel-e-V-Demo_2025-07-05_Stand.docx");
    const text = docxText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain("Aktueller Stand vom 05.07.2025, 12:00 Uhr");
    expect(text).toContain("Übergänge begleiten");
    expect(text).toContain("\u22122,7\u00a0%");
    expect(asked.at(-1)).toEqual(["2025-Q2"]);
  });

  it("exports a version as it was frozen, not with later edits, named after its talk", async () => {
    const provider = (await findUserByEmail(setup.db, "anbieter-a@demo.test"))!;
    const version = await setup.versions.take(scorecardId, "circulation", "Vorabversand 2025-07-15", provider.id);
    await setup.db
      .insertInto("talks")
      .values({
        id: "talk-export",
        scorecard_id: scorecardId,
        starts_at: Date.parse("2025-07-15T08:00:00Z"),
        place: "Haus A",
        agenda_json: "[]",
        state: "circulated",
        circulation_version_id: version.id,
        created_by: provider.id,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    await setup.db
      .insertInto("talk_participants")
      .values([
        { talk_id: "talk-export", email: "meyer@example.org", name: "Herr Meyer", side: "funder" },
        { talk_id: "talk-export", email: "oeztuerk@example.org", name: "Frau Öztürk", side: "provider" },
      ])
      .execute();
    await setup.collab.change(scorecardId, null, (doc) => setMeasureField(doc, MEASURE_ID, "title", "Übergänge sind geregelt"));

    const response = await get(`/api/scorecards/${scorecardId}/export.pdf?version=${version.id}`, "sozialamt@demo.test");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toContain("filename*=UTF-8''BSC_Beispiel-e-V-Demo_2025-07-15_Vorabversand.pdf");
    const pages = await pdfPages(new Uint8Array(await response.arrayBuffer()));
    const text = pages.join("\n");
    expect(pages[0]).toContain("Steuerungsgespräch am 15.07.2025");
    expect(pages[0]).toContain(`Vorabversand – Version ${version.number} vom`);
    expect(pages[0]).toContain("Herr Meyer (Leistungsträger)");
    expect(text).toContain("Übergänge begleiten");
    expect(text).not.toContain("Übergänge sind geregelt");
    expect(text).toContain("Seite 1 von");

    const current = docxText(new Uint8Array(await (await get(`/api/scorecards/${scorecardId}/export.docx`, "sozialamt@demo.test")).arrayBuffer()));
    expect(current).toContain("Übergänge sind geregelt");

    // The talk mails attach the same two files.
    const files = await createVersionExporter({ db: setup.db, collab: setup.collab, currentKpis: async () => exampleKpiSnapshot() })(scorecardId, version.id);
    expect(files.map((file) => [file.name, file.contentType])).toEqual([
      ["BSC_Beispiel-e-V-Demo_2025-07-15_Vorabversand.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      ["BSC_Beispiel-e-V-Demo_2025-07-15_Vorabversand.pdf", "application/pdf"],
    ]);
    expect(docxText(files[0].content)).toContain("Übergänge begleiten");
  });

  it("answers 404 when another provider asks, so it never tells what exists", async () => {
    const response = await get(`/api/scorecards/${scorecardId}/export.pdf`, "anbieter-b@demo.test");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "Scorecard nicht gefunden." } });
  });

  it("answers 404 for a version of another scorecard and 400 for a malformed version id", async () => {
    const other = (await listScorecards(setup.db)).find((scorecard) => scorecard.providerName === null)!.id;
    const foreign = await setup.versions.take(other, "named", "Konferenz", null);
    const missing = await get(`/api/scorecards/${scorecardId}/export.docx?version=${foreign.id}`, "sozialamt@demo.test");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: "Version nicht gefunden." } });
    const malformed = await get(`/api/scorecards/${scorecardId}/export.docx?version=abc`, "sozialamt@demo.test");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: { code: "bad_request", message: "version: must be a version id" } });
  });

  it("answers 401 without a session", async () => {
    const response = await exportsApp.request(`http://localhost/api/scorecards/${scorecardId}/export.docx`);
    expect(response.status).toBe(401);
  });
});
