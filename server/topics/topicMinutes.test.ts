import { describe, expect, it } from "vitest";
import { topicMinutes, type MinutesEvent } from "./topicMinutes";

const event = (
  topicId: string,
  kind: MinutesEvent["kind"],
  status: MinutesEvent["status"],
  detail: Partial<MinutesEvent["detail"]> = {},
  userName: string | null = "Sabine Sozialamt",
): MinutesEvent => ({
  topicId,
  kind,
  status,
  detail: { title: topicId === "a" ? "Berichtsform und Umfang" : topicId === "b" ? "Versorgungsverpflichtung" : "Was ist gesunde Konkurrenz?", ...detail },
  userName,
});

describe("topicMinutes", () => {
  it("records a topic planned into the talk and discussed there with its status line and outcome", () => {
    const minutes = topicMinutes(
      [event("a", "planned", "planned", { talkDate: "2026-06-11" }), event("a", "discussed", "done", { text: "Berichte künftig halbjährlich.\nFormat abgestimmt." }), event("a", "listed", "done")],
      false,
    );
    expect(minutes.touched).toEqual([{ title: "Berichtsform und Umfang", raisedBy: null, statusLines: ["Berichte künftig halbjährlich.\nFormat abgestimmt."], outcome: "erledigt" }]);
    expect(minutes.open).toEqual([]);
  });

  it("says where a carried topic went, and that it stays open without a next talk", () => {
    const minutes = topicMinutes(
      [
        event("a", "planned", "planned"),
        event("a", "carried", "planned", { toTalkId: "t-3", talkDate: "2026-09-10" }),
        event("b", "planned", "planned"),
        event("b", "carried", "open", { toTalkId: null, talkDate: null }),
      ],
      false,
    );
    expect(minutes.touched.map((topic) => topic.outcome)).toEqual(["weiter offen, eingeplant für das Gespräch am 10.09.2026", "weiter offen (noch kein weiterer Termin geplant)"]);
  });

  it("names who raised a topic in the talk, and lists the untouched open topics with their status", () => {
    const minutes = topicMinutes([event("c", "raised", "open", {}, "Anton Anbieter-A"), event("c", "listed", "open"), event("b", "listed", "planned", { talkDate: "2026-09-10" })], true);
    expect(minutes.touched).toEqual([{ title: "Was ist gesunde Konkurrenz?", raisedBy: "Anton Anbieter-A", statusLines: [], outcome: "offen" }]);
    expect(minutes.open).toEqual([{ title: "Versorgungsverpflichtung", status: "eingeplant für die Sitzung am 10.09.2026" }]);
  });

  it("does not count a topic planned into the talk and taken off its agenda again, and says what a promoted topic became", () => {
    const minutes = topicMinutes(
      [
        event("a", "planned", "planned"),
        event("a", "unplanned", "open"),
        event("a", "listed", "open"),
        event("b", "promoted", "done", { promoted: { kind: "goal", ref: "Versorgung sichern", under: "Kunden" } }),
        event("b", "listed", "done"),
      ],
      false,
    );
    expect(minutes.open).toEqual([{ title: "Berichtsform und Umfang", status: "offen" }]);
    expect(minutes.touched).toEqual([{ title: "Versorgungsverpflichtung", raisedBy: null, statusLines: [], outcome: "als Ziel „Versorgung sichern“ übernommen" }]);
  });
});
