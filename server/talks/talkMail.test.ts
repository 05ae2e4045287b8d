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
    expect(attendanceLines("circulation", PEOPLE)).toEqual(["Eingeladen sind:", "– Leistungsträger: Sabine Sozialamt", "– Leistungserbringer: Anton Anbieter-A, Bea Beirat", "– Weitere: Gustav Gast"]);
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

  it("speaks of a session of the conference, numbers its agenda TOP 1, TOP 2, and never says Steuerungsgespräch", () => {
    const facts = {
      providerName: null,
      scorecardTitle: "BSC Sozialraumkonferenz",
      startsAt: Date.parse("2026-11-18T09:00:00Z"),
      place: "Stadthaus 1, Raum 237",
      plannedMinutes: 180,
      agenda: [{ title: "Begrüßung" }, { title: "Berichte aus den Arbeitsgruppen" }],
      participants: PEOPLE.map((p) => ({ ...p, present: false })),
      version: { number: 3, name: "Vorabversand 2026-11-08" },
      link: "https://steuerrad.test/x",
      attachmentNames: ["BSC_Sozialraumkonferenz_2026-11-18_Vorabversand.pdf"],
    };
    const circulation = composeTalkMail({ ...facts, kind: "circulation" });
    expect(circulation.subject).toBe("Vorabversand: Sitzung der Sozialraumkonferenz am 18.11.2026");
    expect(circulation.text).toContain("am 18.11.2026, 10:00 Uhr findet die Sitzung der Sozialraumkonferenz statt (Ort: Stadthaus 1, Raum 237, geplant 180 Minuten).");
    expect(circulation.text).toContain("Tagesordnung:\nTOP 1: Begrüßung\nTOP 2: Berichte aus den Arbeitsgruppen\n");
    const minutes = composeTalkMail({ ...facts, kind: "minutes", body: "Arbeitsgruppe Berichtswesen", version: { number: 4, name: "Protokoll 2026-11-18" } });
    expect(minutes.subject).toBe("Protokoll: Sitzung der Arbeitsgruppe Berichtswesen der Sozialraumkonferenz am 18.11.2026");
    expect(minutes.text).toContain("anbei das Protokoll der Sitzung der Arbeitsgruppe Berichtswesen der Sozialraumkonferenz vom 18.11.2026, 10:00 Uhr");
    expect(minutes.text).toContain("hält den Stand zum Ende der Sitzung fest.");
    expect(minutes.text).toContain("Die Anwesenheit wurde in der Sitzung nicht festgehalten.");
    for (const mail of [circulation, minutes]) expect(`${mail.subject}\n${mail.text}`).not.toMatch(/Gespräch/);
  });
});
