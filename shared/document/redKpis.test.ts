import { describe, expect, it } from "vitest";
import type { KpiResult } from "../kpi/result";
import type { PeriodKpis } from "../domain/kpiSnapshot";
import { kpiBlocksOf, unansweredRedKpis } from "./redKpis";

function withCorridor(staff: "green" | "amber" | "red", value: "green" | "amber" | "red" = "green"): Record<string, PeriodKpis> {
  const result = {
    corridor: { occupancy: { colour: "green", direction: "below" }, value: { colour: value, direction: "below" }, staff: { colour: staff, direction: "above" } },
  } as unknown as KpiResult;
  return { "2025-Q2": { result, error: null } };
}

const block = { kpi: "staffDeviationPct", period: "2025-Q2", note: "" };

describe("red needs an answer", () => {
  it("lists a red KPI of a shown period that no open measure answers", () => {
    expect(unansweredRedKpis([block], [], withCorridor("red"))).toEqual([{ kpi: "staffDeviationPct", period: "2025-Q2", direction: "above" }]);
  });

  it("checks every corridor KPI of the shown periods, not only the block's own", () => {
    const red = unansweredRedKpis([block], [], withCorridor("green", "red"));
    expect(red.map((r) => r.kpi)).toEqual(["valueDeviationPct"]);
  });

  it("counts an open linked measure or a block's note as an answer, a done measure not", () => {
    expect(unansweredRedKpis([block], [{ linkedKpis: ["staffDeviationPct"], status: "in_progress" }], withCorridor("red"))).toEqual([]);
    expect(unansweredRedKpis([{ ...block, note: "Krankheitsvertretung, endet im Juli" }], [], withCorridor("red"))).toEqual([]);
    expect(unansweredRedKpis([block], [{ linkedKpis: ["staffDeviationPct"], status: "done" }], withCorridor("red"))).toHaveLength(1);
  });

  it("ignores amber and green", () => {
    expect(unansweredRedKpis([block], [], withCorridor("amber"))).toEqual([]);
  });

  it("finds KPI blocks anywhere in the document", () => {
    const blocks = kpiBlocksOf({
      type: "doc",
      content: [
        { type: "kpiBlock", attrs: { kpi: "valueDeviationPct", period: "2025", note: "" } },
        { type: "blockquote", content: [{ type: "kpiBlock", attrs: { kpi: "casesAtEnd", period: "2025-05" } }] },
      ],
    });
    expect(blocks.map((b) => b.period)).toEqual(["2025", "2025-05"]);
  });
});
