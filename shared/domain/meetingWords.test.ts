import { describe, expect, it } from "vitest";
import { agendaLabel, agendaLine, byKind, meetingWords, SESSION_AGENDA, startStateTitle, startVersionName, talkKindOf, workingGroupName } from "./meetingWords";
import { defaultAgenda, DEFAULT_AGENDA } from "./talks";

describe("the words of a meeting by its kind", () => {
  it("calls a provider's meeting a Steuerungsgespräch and the conference's a Sitzung der Sozialraumkonferenz", () => {
    expect(talkKindOf("provider-a")).toBe("steeringTalk");
    expect(talkKindOf(null)).toBe("session");
    const talk = meetingWords({ providerName: "Beispiel e.V." });
    expect(talk).toMatchObject({ kind: "steeringTalk", heading: "Steuerungsgespräch", theName: "das Steuerungsgespräch mit Beispiel e.V.", short: "Gespräch", inThe: "im Gespräch" });
    const session = meetingWords({ providerName: null });
    expect(session).toMatchObject({
      kind: "session",
      heading: "Sitzung der Sozialraumkonferenz",
      theName: "die Sitzung der Sozialraumkonferenz",
      ofTheName: "der Sitzung der Sozialraumkonferenz",
      short: "Sitzung",
      inThe: "in der Sitzung",
      theFirst: "die erste Sitzung",
    });
    expect(JSON.stringify(session)).not.toMatch(/Gespräch/);
  });

  it("names a working group holding a session, quoting a name that does not say it is one", () => {
    expect(meetingWords({ providerName: null, body: "Arbeitsgruppe Berichtswesen" }).heading).toBe("Sitzung der Arbeitsgruppe Berichtswesen der Sozialraumkonferenz");
    expect(meetingWords({ providerName: null, body: "  " }).heading).toBe("Sitzung der Sozialraumkonferenz");
    expect(workingGroupName("AG Komplexe Fälle")).toBe("AG Komplexe Fälle");
    expect(workingGroupName("Komplexe Fälle")).toBe("Arbeitsgruppe „Komplexe Fälle“");
    // A provider's talk has no working group, whatever is given.
    expect(meetingWords({ providerName: "X", body: "Arbeitsgruppe Y" }).heading).toBe("Steuerungsgespräch");
  });

  it("numbers a session's agenda TOP 1, TOP 2, and a steering talk's 1., 2.", () => {
    expect(agendaLabel("session", 0)).toBe("TOP 1");
    expect(agendaLine("session", 2, "Berichte aus den Arbeitsgruppen")).toBe("TOP 3: Berichte aus den Arbeitsgruppen");
    expect(agendaLine("steeringTalk", 0, "Vereinbarungen")).toBe("1. Vereinbarungen");
  });

  it("gives a session the conference's usual agenda, with the approval of the previous minutes first, and a steering talk its own", () => {
    expect(defaultAgenda("session").map((item) => item.title)).toEqual(SESSION_AGENDA.map((item) => item.title));
    expect(defaultAgenda("session")[0].title).toMatch(/^Begrüßung, Tagesordnung und Genehmigung des Protokolls der letzten Sitzung/);
    expect(defaultAgenda("steeringTalk")).toEqual(DEFAULT_AGENDA);
    // Fresh copies: editing one agenda never changes the default.
    defaultAgenda("session")[0].title = "geändert";
    expect(SESSION_AGENDA[0].title).not.toBe("geändert");
  });

  it("names the versions and states of a session after the session", () => {
    expect(startStateTitle("session")).toBe("Stand zu Beginn der Sitzung");
    expect(startVersionName("session", "2026-11-30")).toBe("Sitzungsbeginn 2026-11-30");
    expect(startVersionName("steeringTalk", "2026-11-30")).toBe("Gesprächsbeginn 2026-11-30");
    expect(byKind("session", { steeringTalk: "a", session: "b" })).toBe("b");
  });
});
