import { describe, expect, it } from "vitest";
import { approvalOutcome, currentAgendaItem, previousMinutesOf, type RecordedApproval } from "./meetingRules";

const APRIL_9_1003 = Date.parse("2026-04-09T08:03:00Z");

describe("the minutes a talk approves", () => {
  it("are none for a scorecard's first talk, so it asks no approval", () => {
    expect(previousMinutesOf([])).toBeNull();
  });

  it("are those of the latest earlier closed talk; cancelled and unclosed talks have none", () => {
    const earlier = [
      { id: "old", startsAt: Date.parse("2025-10-09T08:00:00Z"), state: "closed" as const, minutesVersionId: 3 },
      { id: "cancelled", startsAt: Date.parse("2026-01-08T08:00:00Z"), state: "cancelled" as const, minutesVersionId: null },
      { id: "never-closed", startsAt: Date.parse("2026-01-15T08:00:00Z"), state: "running" as const, minutesVersionId: null },
      { id: "last", startsAt: Date.parse("2026-01-10T08:00:00Z"), state: "closed" as const, minutesVersionId: 9 },
    ];
    expect(previousMinutesOf(earlier)).toEqual({ talkId: "last", localDate: "2026-01-10", versionId: 9 });
    expect(previousMinutesOf(earlier.filter((t) => t.state !== "closed"))).toBeNull();
  });
});

describe("an approval request against the recorded decision", () => {
  const recorded: RecordedApproval = { decision: "approved", note: null, byName: "Sabine Sozialamt", at: APRIL_9_1003, revision: 1 };

  it("records the first decision", () => {
    expect(approvalOutcome(null, { decision: "approved" })).toEqual({ kind: "record", expectedRevision: 0 });
  });

  it("changes nothing when the same decision is recorded already (both clicked it at once)", () => {
    expect(approvalOutcome(recorded, { decision: "approved" })).toEqual({ kind: "unchanged" });
    expect(approvalOutcome(recorded, { decision: "approved", note: "" })).toEqual({ kind: "unchanged" });
  });

  it("refuses a contradicting decision, naming the recorded one, who recorded it and when", () => {
    const outcome = approvalOutcome(recorded, { decision: "amended", note: "Punkt 3 ergänzt" });
    expect(outcome).toEqual({
      kind: "conflict",
      message: "Das Protokoll wurde bereits von Sabine Sozialamt am 09.04.2026 um 10:03 Uhr als „genehmigt“ festgehalten. Zum Ändern wählen Sie „Entscheidung ändern“.",
    });
  });

  it("lets a correction of the current decision through, and refuses one of a decision replaced meanwhile", () => {
    expect(approvalOutcome(recorded, { decision: "amended", note: "x", revision: 1 })).toEqual({ kind: "record", expectedRevision: 1 });
    const replaced = { ...recorded, decision: "amended" as const, note: "x", byName: "Anton Anbieter-A", revision: 2 };
    const outcome = approvalOutcome(replaced, { decision: "approved", revision: 1 });
    expect(outcome.kind).toBe("conflict");
    expect(outcome.kind === "conflict" && outcome.message).toMatch(/^Die Entscheidung wurde inzwischen von Anton Anbieter-A am .* als „genehmigt mit Änderungen“ festgehalten\./);
  });
});

describe("the current agenda item", () => {
  it("stays within an agenda that was shortened", () => {
    expect(currentAgendaItem(2, 5)).toBe(2);
    expect(currentAgendaItem(4, 3)).toBe(2);
    expect(currentAgendaItem(0, 1)).toBe(0);
  });
});
