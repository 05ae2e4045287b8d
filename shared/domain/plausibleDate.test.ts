import { describe, expect, it } from "vitest";
import { AgreementSchema, NewTalkSchema, TalkEditSchema } from "./talks";
import { implausibleDateMessage, isPlausibleDate } from "./plausibleDate";

describe("isPlausibleDate", () => {
  it("accepts 1990-01-01 to 2100-12-31, both included, also as a local time", () => {
    for (const date of ["1990-01-01", "2026-03-05", "2100-12-31", "2026-04-09T10:00"]) expect(isPlausibleDate(date), date).toBe(true);
  });

  it("refuses dates outside, and text that is no date", () => {
    for (const date of ["0000-01-01", "1989-12-31", "2101-01-01", "9999-12-31", "0000-01-01T00:00", "", "abc"]) expect(isPlausibleDate(date), date).toBe(false);
  });
});

describe("talk and agreement dates", () => {
  const talk = { scorecardId: "s", place: "Haus A", participants: [{ userId: "u" }] };

  it("refuses a talk at 0000-01-01 or 9999-12-31 with a German message naming the field", () => {
    for (const startsAt of ["0000-01-01T10:00", "9999-12-31T10:00"]) {
      const result = NewTalkSchema.safeParse({ ...talk, startsAt });
      expect(result.success, startsAt).toBe(false);
      expect(result.error!.issues.map((issue) => issue.message)).toEqual(["Termin: muss zwischen 01.01.1990 und 31.12.2100 liegen"]);
      expect(TalkEditSchema.safeParse({ startsAt }).error?.issues[0].message).toBe(implausibleDateMessage("Termin"));
    }
    expect(NewTalkSchema.safeParse({ ...talk, startsAt: "2100-12-31T23:59" }).success).toBe(true);
  });

  it("refuses an agreement due 9999-12-31", () => {
    const result = AgreementSchema.safeParse({ text: "Wir", owner: "Träger", dueDate: "9999-12-31" });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(["Fälligkeitsdatum: muss zwischen 01.01.1990 und 31.12.2100 liegen"]);
    expect(AgreementSchema.safeParse({ text: "Wir", owner: "Träger", dueDate: "1990-01-01" }).success).toBe(true);
  });

  it("names only the format when the value is no date at all", () => {
    const result = AgreementSchema.safeParse({ text: "Wir", owner: "Träger", dueDate: "31.12.2026" });
    const messages = result.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages).toContain("must be a date YYYY-MM-DD");
    expect(messages).not.toContain(implausibleDateMessage("Fälligkeitsdatum"));
  });
});
