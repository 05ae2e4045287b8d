import { describe, expect, it } from "vitest";
import { SESSION_AGENDA } from "../../../shared/domain/meetingWords";
import { DEFAULT_AGENDA } from "../../../shared/domain/talks";
import { agendaSections, sectionsAt } from "./agendaSections";

describe("agendaSections", () => {
  it("ties approval, measures and agreements to the items of the usual agenda", () => {
    expect(agendaSections(DEFAULT_AGENDA)).toEqual({ approval: 0, measures: 2, agreements: 3 });
  });

  it("ties them to the TOPs of a session's usual agenda too", () => {
    expect(agendaSections(SESSION_AGENDA)).toEqual({ approval: 0, measures: 2, agreements: 4 });
  });

  it("shows a section no item names throughout, so an edited agenda hides nothing", () => {
    const sections = agendaSections([{ title: "Begrüßung" }, { title: "Vereinbarungen" }]);
    expect(sections).toEqual({ approval: -1, measures: -1, agreements: 1 });
    expect(sectionsAt(sections, 0)).toEqual(["approval", "measures"]);
    expect(sectionsAt(sections, 1)).toEqual(["approval", "measures", "agreements"]);
  });

  it("never gives a Themenspeicher topic's item to a section, whatever its title", () => {
    const agenda = [{ title: "Themenspeicher: Maßnahmen für Wohnungslose", topicId: "t1" }, { title: "Maßnahmen der Balanced Scorecard" }];
    expect(agendaSections(agenda).measures).toBe(1);
  });

  it("gives one item to one section only", () => {
    expect(agendaSections([{ title: "Protokoll und Maßnahmen" }, { title: "Maßnahmen" }])).toEqual({ approval: 0, measures: 1, agreements: -1 });
  });
});
