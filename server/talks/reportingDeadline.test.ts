import { describe, expect, it } from "vitest";
import { composeReminderMail, germanMonth } from "./reportReminder";
import { monthBefore, reportingDeadline } from "./reportingDeadline";

const utc = (iso: string) => Date.parse(iso);

describe("reportingDeadline", () => {
  it("asks for the last complete month, by the day 12 days before the talk, and reminds three days earlier at 00:00 Berlin", () => {
    // Talk on 30 November 2026, 10:00 CET.
    expect(reportingDeadline(utc("2026-11-30T09:00:00Z"), 12)).toEqual({
      month: "2026-10",
      deadline: "2026-11-18",
      endsAt: utc("2026-11-18T23:00:00Z"),
      reminderAt: utc("2026-11-14T23:00:00Z"),
    });
  });

  it("asks for the month before the deadline's month, even when the deadline is that month's last day", () => {
    expect(reportingDeadline(utc("2026-12-12T09:00:00Z"), 12)).toMatchObject({ deadline: "2026-11-30", month: "2026-10" });
    expect(reportingDeadline(utc("2026-12-13T09:00:00Z"), 12)).toMatchObject({ deadline: "2026-12-01", month: "2026-11" });
  });

  it("follows the lead days and the turn of the year", () => {
    expect(reportingDeadline(utc("2027-01-20T09:00:00Z"), 12)).toMatchObject({ deadline: "2027-01-08", month: "2026-12" });
    expect(reportingDeadline(utc("2027-01-20T09:00:00Z"), 30)).toMatchObject({ deadline: "2026-12-21", month: "2026-11" });
  });

  it("counts Berlin calendar days across the daylight-saving change (reminder at 00:00 CEST)", () => {
    // Talk on 9 April 2026; deadline 28 March (CET), reminder 25 March 00:00 CET.
    expect(reportingDeadline(utc("2026-04-09T08:00:00Z"), 12)).toMatchObject({
      deadline: "2026-03-28",
      month: "2026-02",
      reminderAt: utc("2026-03-24T23:00:00Z"),
      endsAt: utc("2026-03-28T23:00:00Z"),
    });
    // Talk on 14 April: deadline 2 April (CEST), reminder 30 March 00:00 CEST.
    expect(reportingDeadline(utc("2026-04-14T08:00:00Z"), 12)).toMatchObject({ deadline: "2026-04-02", month: "2026-03", reminderAt: utc("2026-03-29T22:00:00Z") });
  });

  it("names the month before a month", () => {
    expect(monthBefore("2026-01")).toBe("2025-12");
    expect(monthBefore("2026-10")).toBe("2026-09");
  });
});

describe("the reminder mail", () => {
  it("names the month, the deadline, the talk and the link to the figures, and how to turn reminders off", () => {
    const { subject, text } = composeReminderMail({
      providerName: "Beispiel e.V.",
      startsAt: utc("2026-11-30T09:00:00Z"),
      place: "Haus A",
      leadDays: 12,
      due: { month: "2026-10", deadline: "2026-11-18" },
      figuresLink: "https://steuerrad.test/controlling",
      circulationDate: "2026-11-20",
    });
    expect(germanMonth("2026-10")).toBe("Oktober 2026");
    expect(subject).toBe("Erinnerung: Zahlen für Oktober 2026 bis zum 18.11.2026 melden (Steuerungsgespräch am 30.11.2026)");
    expect(text).toContain("am 30.11.2026, 10:00 Uhr (Ort: Haus A) sind die Zahlen bis einschließlich Oktober 2026 bis zum 18.11.2026 zu melden (Meldefrist: 12 Tage vor dem Termin).");
    expect(text).toContain("Für Oktober 2026 liegen in Steuerrad noch keine Zahlen vor.");
    expect(text).toContain("\nhttps://steuerrad.test/controlling\n");
    expect(text).toContain("für den 20.11.2026 vorgesehen");
    expect(text).toContain("auf Ihrer Kontoseite abschalten");
  });
});
