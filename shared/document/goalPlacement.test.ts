import { describe, expect, it } from "vitest";
import { defaultGoal, goalAt, goalChoices, goalOfNode, goalSectionEnd, resolveGoal } from "./goalPlacement";
import type { DocumentJson } from "./schema";

const h = (level: number, text: string) => ({ type: "heading", attrs: { level }, content: [{ type: "text", text }] });
const m = (id: string) => ({ type: "measure", attrs: { measureId: id } });
const kpi = (key: string, period: string) => ({ type: "kpiBlock", attrs: { kpi: key, period, note: "" } });
const p = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });

// 0 h1, 1 h2 Finanzen, 2 h3 Budget, 3 kpi, 4 m-1, 5 p, 6 h3 Personal halten, 7 m-2, 8 h2 Kunden, 9 p, 10 h3 Beteiligung, 11 p
const DOC: DocumentJson = {
  type: "doc",
  content: [
    h(1, "BSC"),
    h(2, "Finanzen"),
    h(3, "Budget"),
    kpi("staffDeviationPct", "2025-Q2"),
    m("m-1"),
    p("x"),
    h(3, "Personal halten"),
    m("m-2"),
    h(2, "Kunden"),
    p("y"),
    h(3, "Beteiligung"),
    p("z"),
  ],
};

describe("goal placement of new measures", () => {
  it("offers every goal labelled with its perspective", () => {
    expect(goalChoices(DOC)).toEqual([
      { index: 2, title: "Budget", label: "Finanzen › Budget" },
      { index: 6, title: "Personal halten", label: "Finanzen › Personal halten" },
      { index: 10, title: "Beteiligung", label: "Kunden › Beteiligung" },
    ]);
  });

  it("inserts at the end of the goal's section, before the next goal or perspective, or at the end", () => {
    expect(goalSectionEnd(DOC, 2)).toBe(6);
    expect(goalSectionEnd(DOC, 6)).toBe(8);
    expect(goalSectionEnd(DOC, 10)).toBe(12);
  });

  it("finds a picked goal again when text above it moved it, and not at all when it is gone", () => {
    expect(resolveGoal(DOC, { index: 6, title: "Personal halten" })).toBe(6);
    expect(resolveGoal(DOC, { index: 3, title: "Personal halten" })).toBe(6);
    expect(resolveGoal(DOC, { index: 6, title: "Gelöscht" })).toBeNull();
  });

  it("takes the goal of the KPI block or measure a new measure comes from, and never one across a perspective", () => {
    expect(goalOfNode(DOC, (n) => n.type === "kpiBlock" && n.attrs?.kpi === "staffDeviationPct")).toBe(2);
    expect(goalOfNode(DOC, (n) => n.type === "measure" && n.attrs?.measureId === "m-2")).toBe(6);
    expect(goalOfNode(DOC, (n) => n.type === "kpiBlock" && n.attrs?.kpi === "other")).toBeNull();
    expect(goalAt(DOC, 9)).toBeNull();
  });

  it("defaults to the block's goal, else the first goal, else none", () => {
    expect(defaultGoal(DOC, 6)?.title).toBe("Personal halten");
    expect(defaultGoal(DOC, null)?.title).toBe("Budget");
    expect(defaultGoal({ type: "doc", content: [p("nur Text")] }, null)).toBeNull();
  });
});
