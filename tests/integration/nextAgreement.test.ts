/**
 * `GET /api/providers/:providerId/agreements/:year/next-draft` on an in-memory database:
 * who may read the draft of next year's agreement, its numbers from three years of
 * figures ([KPI-N1] … [KPI-N6]), and saving it through the versioned agreement route.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { NextAgreementDraftAnswer } from "../../shared/domain/figures";
import { buildTestApp } from "../fixtures/testApp";

const read = (name: string) => readFileSync(new URL(`../fixtures/kpi-example/${name}`, import.meta.url), "utf8");
const AGREEMENT = read("agreement-2025.json");
const FIGURES_2025 = read("figures-2025.csv");
const HEADER = "month,serviceOffer,needGroup,funderKind,socialSpace,priorNeedGroup,cases,occupancyDays";
const HAUS_A = "Besondere Wohnform Haus A";

/**
 * Haus A only, in 2023 one month and in 2024 two: group 1 means 1 and 1.5, group 3 means 10
 * and 9 (the external row does not count). 2025 is the worked example: group 1 24 / 12 = 2,
 * group 3 93 / 12 = 7.75 with its +S rows.
 */
const FIGURES_EARLIER = [
  HEADER,
  `2023-06,${HAUS_A},1,local,0,,1,30`,
  `2023-06,${HAUS_A},3,local,0,,10,300`,
  `2023-06,${HAUS_A},3,external,0,,5,150`,
  `2024-03,${HAUS_A},1,local,0,,1,31`,
  `2024-03,${HAUS_A},3,local,0,,9,279`,
  `2024-09,${HAUS_A},1,local,0,,2,60`,
  `2024-09,${HAUS_A},3,local,0,,9,270`,
].join("\n");

async function setup() {
  const app = await buildTestApp();
  const [funder, editorA, viewerA, editorB] = await Promise.all(["sozialamt@demo.test", "anbieter-a@demo.test", "gast-a@demo.test", "anbieter-b@demo.test"].map((email) => app.loginAs(email)));
  const request = (path: string, cookie: string, init: { method?: string; json?: unknown; body?: FormData } = {}) =>
    app.request(path, { method: init.method ?? "GET", headers: { cookie }, json: init.json, body: init.body });
  const providers = (await (await request("/api/providers", funder!)).json()) as { id: string; name: string }[];
  const a = providers.find((p) => p.name === "Beispiel e.V. (Demo)")!.id;
  async function upload(csv: string, fileName: string) {
    const form = new FormData();
    form.set("file", new File([csv], fileName));
    form.set("subject", "figures");
    expect((await request(`/api/providers/${a}/figures/upload`, editorA!, { method: "POST", body: form })).status).toBe(200);
  }
  return { request, upload, a, funder: funder!, editorA: editorA!, viewerA: viewerA!, editorB: editorB! };
}

describe("the draft of next year's agreement", () => {
  it("[KPI-N3] forecasts each offer × need group from three years of figures and copies the rest of the agreement", async () => {
    const t = await setup();
    expect((await t.request(`/api/providers/${t.a}/agreements/2025`, t.funder, { method: "PUT", json: { reason: "Vereinbarung 2025", agreementText: AGREEMENT } })).status).toBe(200);
    await t.upload(FIGURES_EARLIER, "figures-2023-2024.csv");
    await t.upload(FIGURES_2025, "figures-2025.csv");

    const response = await t.request(`/api/providers/${t.a}/agreements/2025/next-draft`, t.viewerA);
    expect(response.status).toBe(200);
    const draft = (await response.json()) as NextAgreementDraftAnswer;
    expect(draft).toMatchObject({ year: 2026, basedOnYear: 2025, basedOnVersion: 1, nextVersion: null, window: [2021, 2025], yearsWithFigures: [2023, 2024, 2025] });
    const cell = (offer: string, group: number) => draft.cells.find((c) => c.offer === offer && c.needGroup === group)!;
    // Group 1: 1, 1.5, 2 → 2.5 at 2026.
    expect(cell(HAUS_A, 1)).toMatchObject({ source: "trend", budgetedCases: 2.5, currentBudgetedCases: 2 });
    expect(cell(HAUS_A, 1).history).toEqual([
      { year: 2023, avgCases: 1 },
      { year: 2024, avgCases: 1.5 },
      { year: 2025, avgCases: 2 },
    ]);
    // Group 3: 10, 9, 7.75 → slope −1.125, line at 2026 = 26.75 / 3 − 2.25 = 6.666… → 6.67.
    expect(cell(HAUS_A, 3)).toMatchObject({ source: "trend", budgetedCases: 6.67 });
    expect(cell(HAUS_A, 3).slope).toBeCloseTo(-1.125, 12);
    // ABW has figures in 2025 only: that year's mean, 121 / 12 → 10.08.
    expect(cell("Ambulant betreutes Wohnen", 2)).toMatchObject({ source: "singleYear", budgetedCases: 10.08, history: [{ year: 2025, avgCases: 121 / 12 }] });

    const source = JSON.parse(AGREEMENT) as { offers: { name: string; places: number; groups: { dailyFeeCents: number }[] }[] };
    expect(draft.agreement).toMatchObject({ year: 2026, baseYear: 2025, provider: "Beispiel e.V.", budgetedStaffFte: 21.5, greenPct: 5, amberPct: 10 });
    expect(draft.agreement.offers.map((o) => [o.name, o.places, o.groups.map((g) => g.dailyFeeCents)])).toEqual(source.offers.map((o) => [o.name, o.places, o.groups.map((g) => g.dailyFeeCents)]));
    expect(draft.agreement.offers[0]?.groups.map((g) => g.budgetedCases)).toEqual([2.5, cell(HAUS_A, 2).budgetedCases, 6.67, cell(HAUS_A, 4).budgetedCases, cell(HAUS_A, 5).budgetedCases]);
  });

  it("is saved by the funder as a new version of next year's agreement, with a reason; a provider editor may not", async () => {
    const t = await setup();
    await t.request(`/api/providers/${t.a}/agreements/2025`, t.funder, { method: "PUT", json: { reason: "Vereinbarung 2025", agreementText: AGREEMENT } });
    await t.upload(FIGURES_2025, "figures-2025.csv");
    const draft = (await (await t.request(`/api/providers/${t.a}/agreements/2025/next-draft`, t.editorA)).json()) as NextAgreementDraftAnswer;
    const changed = { ...draft.agreement, offers: draft.agreement.offers.map((o, i) => (i === 0 ? { ...o, places: 26 } : o)) };
    const save = (cookie: string) =>
      t.request(`/api/providers/${t.a}/agreements/2026`, cookie, { method: "PUT", json: { reason: "Entwurf 2026 aus den Zahlen, Haus A mit 26 Plätzen", agreement: changed } });
    expect((await save(t.editorA)).status).toBe(403);
    const saved = await save(t.funder);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ year: 2026, version: 1, reason: "Entwurf 2026 aus den Zahlen, Haus A mit 26 Plätzen", agreement: { year: 2026, offers: [{ places: 26 }, {}] } });
    const again = (await (await t.request(`/api/providers/${t.a}/agreements/2025/next-draft`, t.funder)).json()) as NextAgreementDraftAnswer;
    expect(again.nextVersion).toBe(1);
  });

  it("answers the funder and the provider's own users, and another provider 404 like every route of a provider that is not its own", async () => {
    const t = await setup();
    await t.request(`/api/providers/${t.a}/agreements/2025`, t.funder, { method: "PUT", json: { reason: "Vereinbarung 2025", agreementText: AGREEMENT } });
    const path = `/api/providers/${t.a}/agreements/2025/next-draft`;
    for (const cookie of [t.funder, t.editorA, t.viewerA]) expect((await t.request(path, cookie)).status).toBe(200);
    const stranger = await t.request(path, t.editorB);
    expect(stranger.status).toBe(404);
    expect(JSON.stringify(await stranger.json())).not.toContain("Beispiel");
    expect((await t.request(path, "")).status).toBe(401);
  });

  it("names the missing agreement of the year and a malformed year", async () => {
    const t = await setup();
    const missing = await t.request(`/api/providers/${t.a}/agreements/2024/next-draft`, t.funder);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "no_agreement", message: expect.stringContaining("2024") });
    expect((await t.request(`/api/providers/${t.a}/agreements/25/next-draft`, t.funder)).status).toBe(400);
  });
});
