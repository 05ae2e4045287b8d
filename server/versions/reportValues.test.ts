import { describe, expect, it } from "vitest";
import { REPORT_VALUE_MAX_CHARS, reportValue } from "./reportValues";

describe("reportValue", () => {
  it("writes codes, dates and KPI keys as German words", () => {
    expect(reportValue("status", "in_progress")).toBe("in Arbeit");
    expect(reportValue("trafficLight", "red")).toBe("rot");
    expect(reportValue("responsibleSide", "funder")).toBe("Leistungsträger");
    expect(reportValue("dueDate", "2026-04-30")).toBe("30.04.2026");
    expect(reportValue("title", "")).toBe("(leer)");
    expect(reportValue("linkedKpis", "occupancyDeviationPct, unknown-kpi")).toBe("Abweichung Belegungstage, unknown-kpi");
  });

  it("puts the lines of a description on one line and shortens a long one without splitting a character", () => {
    expect(reportValue("statusLines", "2026-03-05: Raum gefunden\n2026-06-04: Eröffnet")).toBe("2026-03-05: Raum gefunden / 2026-06-04: Eröffnet");
    const long = reportValue("description", "😀".repeat(REPORT_VALUE_MAX_CHARS + 5));
    expect(long).toBe(`${"😀".repeat(REPORT_VALUE_MAX_CHARS)}…`);
    // A title is one line by design: a line break in it stays visible as a character later.
    expect(reportValue("title", "a\nb")).toBe("a\nb");
  });
});
