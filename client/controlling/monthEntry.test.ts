import { describe, expect, it } from "vitest";
import type { FigureRow } from "../../shared/kpi/figures";
import { cellKey, formFromRows, rowsFromForm, sameRows } from "./monthEntry";

const stored: FigureRow[] = [
  { month: "2025-05", serviceOffer: "Haus A", needGroup: 2, funderKind: "local", socialSpace: false, priorNeedGroup: null, cases: 4, occupancyDays: 124 },
  { month: "2025-05", serviceOffer: "Haus A", needGroup: 2, funderKind: "local", socialSpace: true, priorNeedGroup: 3, cases: 1, occupancyDays: 31 },
  { month: "2025-06", serviceOffer: "Haus A", needGroup: 1, funderKind: "external", socialSpace: false, priorNeedGroup: null, cases: 1, occupancyDays: 30 },
];
const describeCell = (offer: string, group: number, kind: string, social?: number) => (social ? `+S ${social}` : `${offer}/${group}/${kind}`);

describe("month form", () => {
  it("fills the form from the month's stored rows and builds the same rows back", () => {
    const form = formFromRows(stored, 21.5, "2025-05");
    expect(form.staff).toBe("21,5");
    expect(form.social).toHaveLength(1);
    const built = rowsFromForm(form, "2025-05", describeCell);
    expect(built.problems).toEqual([]);
    expect(built.staffFte).toBe(21.5);
    expect(sameRows(built.rows, stored, "2025-05")).toBe(true);
  });

  it("skips empty cells, counts one empty input as 0 and reports bad numbers and prior groups", () => {
    const form = formFromRows([], null, "2025-07");
    form.cells[cellKey("Haus A", 1, "local")] = { cases: "3", days: "" };
    form.cells[cellKey("Haus A", 2, "local")] = { cases: "", days: "" };
    form.cells[cellKey("Haus A", 3, "external")] = { cases: "2,5", days: "10" };
    form.social.push({ key: 0, offer: "Haus A", kind: "local", group: 3, prior: 3, cases: "1", days: "31" });
    form.staff = "zwölf";
    const built = rowsFromForm(form, "2025-07", describeCell);
    expect(built.rows[0]).toEqual({ month: "2025-07", serviceOffer: "Haus A", needGroup: 1, funderKind: "local", socialSpace: false, priorNeedGroup: null, cases: 3, occupancyDays: 0 });
    expect(built.problems).toEqual([
      { where: "Haus A/3/external", problem: "wholeNumber" },
      { where: "+S 1", problem: "priorNotHigher" },
      { where: "", problem: "staff" },
    ]);
  });

  it("sees a changed value as a change", () => {
    const form = formFromRows(stored, null, "2025-05");
    form.cells[cellKey("Haus A", 2, "local")].days = "120";
    expect(sameRows(rowsFromForm(form, "2025-05", describeCell).rows, stored, "2025-05")).toBe(false);
  });
});
