import { describe, expect, it } from "vitest";
import { minutesMailLines, topicMailLines } from "./minutesMail";

const BASE = { previousTalkAt: Date.parse("2026-01-15T09:00:00Z"), approval: null, agreements: [] };

describe("minutesMailLines", () => {
  it("names the approval of the previous minutes with its note on one line", () => {
    const lines = minutesMailLines({ ...BASE, approval: { decision: "amended", note: "TOP 3:\nFrist ergänzt", byName: "Sabine", at: 0 } });
    expect(lines.slice(0, 2)).toEqual(["Genehmigung des Protokolls vom 15.01.2026: genehmigt mit Änderungen", "Änderungen: TOP 3: Frist ergänzt"]);
  });

  it("lists each agreement with owner, due date and whether it became a measure", () => {
    const lines = minutesMailLines({
      ...BASE,
      approval: { decision: "approved", note: null, byName: null, at: null },
      agreements: [
        { text: "Konzept vorlegen", owner: "Anton", dueDate: "2026-06-30", measureId: "m-1" },
        { text: "Zahlen melden", owner: "Leistungserbringer", dueDate: null, measureId: null },
      ],
    });
    expect(lines).toEqual([
      "Genehmigung des Protokolls vom 15.01.2026: genehmigt",
      "",
      "Vereinbarungen:",
      "- Konzept vorlegen (verantwortlich: Anton; bis 30.06.2026; als Maßnahme übernommen)",
      "- Zahlen melden (verantwortlich: Leistungserbringer)",
      "",
    ]);
  });

  it("leaves the approval out for a scorecard's first talk and says when no agreement was made", () => {
    expect(minutesMailLines({ ...BASE, previousTalkAt: null })).toEqual(["Vereinbarungen: keine", ""]);
    expect(minutesMailLines(BASE)[0]).toBe("Genehmigung des Protokolls vom 15.01.2026: keine Entscheidung festgehalten");
  });
});

describe("topicMailLines", () => {
  it("lists the Themenspeicher topics of the talk with status line and outcome, then the open ones", () => {
    const lines = topicMailLines({
      conference: false,
      touched: [
        { title: "Berichtsform und Umfang", raisedBy: null, statusLines: ["Halbjährlich,\nkurz."], outcome: "erledigt" },
        { title: "Versorgungsverpflichtung", raisedBy: "Anton", statusLines: [], outcome: "weiter offen, eingeplant für das Gespräch am 10.09.2026" },
      ],
      open: [{ title: "Was ist gesunde Konkurrenz?", status: "offen" }],
    });
    expect(lines).toEqual([
      "Themenspeicher:",
      "- Berichtsform und Umfang: Halbjährlich, kurz. (erledigt)",
      "- Versorgungsverpflichtung (weiter offen, eingeplant für das Gespräch am 10.09.2026)",
      "Offene Themen: Was ist gesunde Konkurrenz? (offen)",
      "",
    ]);
  });

  it("says nothing when the scorecard has no topics", () => {
    expect(topicMailLines({ conference: true, touched: [], open: [] })).toEqual([]);
  });
});
