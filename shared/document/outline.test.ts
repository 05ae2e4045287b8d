import { describe, expect, it } from "vitest";
import { readOutline } from "./outline";

const h = (level: number, text: string) => ({ type: "heading", attrs: { level }, content: [{ type: "text", text }] });
const m = (id: string) => ({ type: "measure", attrs: { measureId: id } });

describe("readOutline", () => {
  it("places each measure under the perspective and goal above it", () => {
    const outline = readOutline({
      type: "doc",
      content: [h(1, "BSC"), m("m-0"), h(2, "Finanzen"), m("m-1"), h(3, "Budget"), m("m-2"), { type: "paragraph" }, m("m-3"), h(2, "Personal"), h(3, "Gewinnen"), m("m-4")],
    });
    expect(outline.perspectives.map((p) => [p.title, p.goals.map((g) => g.title)])).toEqual([
      ["Finanzen", ["Budget"]],
      ["Personal", ["Gewinnen"]],
    ]);
    expect(outline.perspectives[0].measureIds).toEqual(["m-1"]);
    expect(outline.perspectives[0].goals[0].measureIds).toEqual(["m-2", "m-3"]);
    expect(outline.placements.map((p) => [p.measureId, p.perspective, p.goal])).toEqual([
      ["m-0", null, null],
      ["m-1", "Finanzen", null],
      ["m-2", "Finanzen", "Budget"],
      ["m-3", "Finanzen", "Budget"],
      ["m-4", "Personal", "Gewinnen"],
    ]);
  });
});
