import { describe, expect, it } from "vitest";
import { attendanceLines, composeTalkMail, type MailParticipant } from "./talkMail";

const PEOPLE: MailParticipant[] = [
  { name: "Anton Anbieter-A", side: "provider", present: true },
  { name: "Sabine Sozialamt", side: "funder", present: true },
  { name: "Gustav Gast", side: "other", present: false },
  { name: "Bea Beirat", side: "provider", present: false },
];

describe("who a talk's mail names", () => {
  it("lists in the minutes those present by side, and separately those not present, as the minutes PDF does", () => {
    expect(attendanceLines("minutes", PEOPLE)).toEqual([
      "Anwesend:",
      "– Leistungsträger: Sabine Sozialamt",
      "– Leistungserbringer: Anton Anbieter-A",
      "",
      "Nicht anwesend (entschuldigt oder abwesend):",
      "– Leistungserbringer: Bea Beirat",
      "– Weitere: Gustav Gast",
    ]);
  });

  it("says so when nobody was recorded present, and lists the circulation's invitees by side", () => {
    const nobody = PEOPLE.map((p) => ({ ...p, present: false }));
    expect(attendanceLines("minutes", nobody)[0]).toBe("Die Anwesenheit wurde im Gespräch nicht festgehalten. Eingeladen waren:");
    expect(attendanceLines("circulation", PEOPLE)).toEqual([
      "Eingeladen sind:",
      "– Leistungsträger: Sabine Sozialamt",
      "– Leistungserbringer: Anton Anbieter-A, Bea Beirat",
      "– Weitere: Gustav Gast",
    ]);
  });

  it("never calls everyone invited 'Teilnehmende' in the minutes mail", () => {
    const { text } = composeTalkMail({
      kind: "minutes",
      providerName: "Beispiel e.V.",
      scorecardTitle: "BSC Beispiel e.V.",
      startsAt: Date.parse("2026-04-09T08:00:00Z"),
      place: "Haus A",
      plannedMinutes: 120,
      agenda: [{ title: "Vereinbarungen" }],
      participants: PEOPLE,
      version: { number: 7, name: "Protokoll 2026-04-09" },
      link: "https://steuerrad.test/x",
      attachmentNames: [],
    });
    expect(text).not.toContain("Teilnehmende");
    expect(text).toContain("Anwesend:\n– Leistungsträger: Sabine Sozialamt\n– Leistungserbringer: Anton Anbieter-A\n");
    expect(text.indexOf("Gustav Gast")).toBeGreaterThan(text.indexOf("Nicht anwesend"));
  });
});
