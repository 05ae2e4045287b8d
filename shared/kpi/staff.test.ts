import { describe, expect, it } from "vitest";
import staffText from "../../tests/fixtures/kpi-example/staff-2025.csv?raw";
import type { KpiIssue } from "./errors";
import { parseStaffCsv } from "./staff";

function errorsOf(text: string): KpiIssue[] {
  const result = parseStaffCsv(text, "s.csv");
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("staff CSV", () => {
  it("[KPI-R12] parses the example staff file", () => {
    const result = parseStaffCsv(staffText);
    expect(result.ok && result.value.length).toBe(12);
    expect(result.ok && result.value[2]).toEqual({ month: "2025-03", staffFte: 22.75, line: 4 });
  });

  it("[KPI-R12] accepts the German headers Monat and VK, in any order, with extra columns", () => {
    const result = parseStaffCsv("VK,Bemerkung,Monat\n24.5,,2025-01\n.5,x,2025-02\n");
    expect(result.ok && result.value).toEqual([
      { month: "2025-01", staffFte: 24.5, line: 2 },
      { month: "2025-02", staffFte: 0.5, line: 3 },
    ]);
  });

  it.each([
    ["a non-numeric FTE", "2025-01,abc", 'staffFte must be a decimal number from 0 to 10000 with "." as decimal point, got "abc"'],
    ["a negative FTE", "2025-01,-1", 'staffFte must be a decimal number from 0 to 10000 with "." as decimal point, got "-1"'],
    ["an implausibly large FTE (which would become Infinity)", `2025-01,${"9".repeat(400)}`, `staffFte must be a decimal number from 0 to 10000 with "." as decimal point, got "${"9".repeat(400)}"`],
    ["an empty FTE", "2025-01,", 'staffFte must be a decimal number from 0 to 10000 with "." as decimal point, got ""'],
  ])("[KPI-R12] rejects %s with line and column", (_kind, line, message) => {
    expect(errorsOf(`month,staffFte\n2025-02,1\n${line}\n`)).toEqual([
      { file: "s.csv", line: 3, column: "staffFte", message, messageDe: expect.stringMatching(/^VK: muss eine Dezimalzahl von 0 bis 10000 mit „\.“ als Dezimaltrennzeichen sein, gefunden „/) },
    ]);
  });

  it("[KPI-R12] rejects a decimal comma", () => {
    expect(errorsOf('month,staffFte\n2025-01,"22,4"\n')).toEqual([expect.objectContaining({ line: 2, column: "staffFte", message: expect.stringContaining('got "22,4"') })]);
    expect(errorsOf("month,staffFte\n2025-01,22,4\n")).toEqual([expect.objectContaining({ line: 2, column: "cell 3" })]);
    expect(errorsOf("Monat;VK\n2025-01;22,4\n")).toEqual([expect.objectContaining({ line: 2, column: "VK" })]);
  });

  it("[KPI-R12] rejects an impossible month and a second row for a month", () => {
    const errors = errorsOf("month,staffFte\n2025-13,1\n2025-01,1\n2025-01,2\n");
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [2, "month"],
      [4, "month"],
    ]);
    expect(errors[1]?.message).toContain("already has a staff row (line 3)");
  });

  it("[KPI-R12] a missing column is reported on line 1", () => {
    expect(errorsOf("month,fte\n2025-01,1\n")).toEqual([expect.objectContaining({ line: 1, column: "staffFte", message: expect.stringContaining("missing column staffFte") })]);
  });
});
